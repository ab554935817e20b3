package org.casebridge.gateway.audit;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --casebridge.command=audit-verify}: verifies the audit chain in the configured database
 * and exits, 0 when intact, 1 when broken, 2 when it could not be verified. Starts only what it
 * needs (the datasource, embedded PostgreSQL when no external one is configured, the signing
 * keys' certificates and the verifier): no web server, broker, relay or sealer, so it can run
 * beside live nodes without taking part.
 */
@Configuration(proxyBeanMethods = false)
// The gateway's own component scan finds this class too; it applies only when the command runs.
@ConditionalOnProperty(name = "casebridge.command", havingValue = AuditVerifyCommand.NAME)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class})
// Names, not types: the keys (receipts) and the embedded database are reached without this
// module depending on theirs, as for the checkpoint signer at run time.
@ConfigurationPropertiesScan("org.casebridge.gateway")
@ComponentScan(basePackages = "org.casebridge.gateway", useDefaultFilters = false, includeFilters = @ComponentScan.Filter(
        type = FilterType.REGEX, pattern = {
                "org\\.casebridge\\.gateway\\.audit\\.ChainVerifier",
                "org\\.casebridge\\.gateway\\.receipts\\.(SigningKeys|CheckpointSignatures)",
                "org\\.casebridge\\.gateway\\.embedded\\.EmbeddedPostgresConfiguration"}))
public class AuditVerifyCommand {

    public static final String NAME = "audit-verify";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuditVerifyCommand.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("spring.main.banner-mode", "off", "logging.level.root", "WARN"))
                .logStartupInfo(false)
                .run(args)) {
            VerificationReport report = context.getBean(ChainVerifier.class).verify();
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(report));
            return report.intact() ? 0 : 1;
        } catch (RuntimeException e) {
            err.println("audit-verify could not verify the chain: " + e);
            return 2;
        }
    }
}
