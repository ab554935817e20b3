package org.casebridge.gateway.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;

/** Every node tries to seal and to sign at a steady pace; the advisory lock lets one at a time do it. */
@Configuration(proxyBeanMethods = false)
class SealingFlows {

    @Bean
    IntegrationFlow auditSealingFlow(ChainSealer sealer, AuditProperties properties) {
        return IntegrationFlow
                .fromSupplier(() -> {
                    int sealed = sealer.sealPending();
                    return sealed > 0 ? sealed : null;
                }, source -> source.id("auditSealer").poller(Pollers.fixedDelay(properties.sealInterval())))
                .handle((sealed, headers) -> null)
                .get();
    }

    @Bean
    IntegrationFlow auditCheckpointFlow(Checkpointer checkpointer, AuditProperties properties) {
        return IntegrationFlow
                .fromSupplier(() -> {
                    long seq = checkpointer.checkpoint();
                    return seq > 0 ? seq : null;
                }, source -> source.id("auditCheckpointer").poller(Pollers.fixedDelay(properties.checkpointInterval())))
                .handle((seq, headers) -> null)
                .get();
    }
}
