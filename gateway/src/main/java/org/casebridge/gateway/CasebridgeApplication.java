package org.casebridge.gateway;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Casebridge gateway. Each subpackage is one capability (a Spring Modulith module); a module
 * reaches another only through the public types of that module's top package.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CasebridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(CasebridgeApplication.class, args);
    }

    /** Every timestamp the gateway writes comes from here, so tests can move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
