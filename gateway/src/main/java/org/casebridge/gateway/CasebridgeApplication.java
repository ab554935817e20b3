package org.casebridge.gateway;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Casebridge gateway. Each subpackage is one capability (a Spring Modulith module); a module
 * reaches another only through the public types of that module's top package.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CasebridgeApplication {

    static {
        // On JDK 25 Netty only frees direct buffers it allocated itself, unless it may use
        // sun.misc.Unsafe; Artemis' NIO journal frees its own, and without this a broker that
        // finds an existing journal fails to start. An operator's own setting wins.
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "false");
        }
    }

    public static void main(String[] args) {
        String command = command(args);
        if (command == null) {
            SpringApplication.run(CasebridgeApplication.class, args);
        } else if (COMMANDS.containsKey(command)) {
            System.exit(runCommand(COMMANDS.get(command), args));
        } else {
            System.err.println("unknown casebridge.command " + command + "; known: " + COMMANDS.keySet());
            System.exit(2);
        }
    }

    /**
     * Operator commands and the class that runs each ({@code public static int run(String[], PrintStream, PrintStream)},
     * returning the exit status). By name, because every module depends on this package and it may depend on none.
     */
    private static final Map<String, String> COMMANDS = Map.of("audit-verify", "org.casebridge.gateway.audit.AuditVerifyCommand");

    private static int runCommand(String className, String[] args) {
        try {
            return (int) Class.forName(className).getMethod("run", String[].class, PrintStream.class, PrintStream.class)
                    .invoke(null, args, System.out, System.err);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run " + className, e);
        }
    }

    /** {@code --casebridge.command=<name>}: run one operator command against the configuration instead of serving. */
    private static String command(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("--casebridge.command=")) {
                return arg.substring("--casebridge.command=".length());
            }
        }
        return null;
    }

    /** Every timestamp the gateway writes or checks comes from here, so tests can move time. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
