package org.casebridge.gateway.clocks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;

/** Scans for due warnings at a steady pace; the outbox relay then carries them like any dispatch. */
@Configuration(proxyBeanMethods = false)
class WarningFlow {

    @Bean
    IntegrationFlow deadlineWarningFlow(WarningScheduler scheduler, ClocksProperties properties) {
        return IntegrationFlow
                .fromSupplier(() -> {
                    int fired = scheduler.fireDue();
                    return fired > 0 ? fired : null;
                }, source -> source.id("deadlineWarningScanner").poller(Pollers.fixedDelay(properties.scanInterval())))
                .handle((fired, headers) -> null)
                .get();
    }
}
