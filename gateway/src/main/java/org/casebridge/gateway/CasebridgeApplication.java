package org.casebridge.gateway;

import java.time.Clock;
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
        SpringApplication.run(CasebridgeApplication.class, args);
    }

    /** Every timestamp the gateway writes or checks comes from here, so tests can move time. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
