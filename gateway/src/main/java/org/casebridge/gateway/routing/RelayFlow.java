package org.casebridge.gateway.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;

/** The "route" stage of the pipeline: a poller drains the outbox onto the per-agency queues. */
@Configuration(proxyBeanMethods = false)
class RelayFlow {

    private static final Logger log = LoggerFactory.getLogger(RelayFlow.class);

    @Bean
    IntegrationFlow outboxRelayFlow(OutboxRelay relay, RoutingProperties properties) {
        return IntegrationFlow
                // An empty outbox yields no message at all, so the flow stays quiet between submissions.
                .fromSupplier(() -> {
                    int published = relay.publishPending();
                    return published > 0 ? published : null;
                }, source -> source
                        .id("outboxRelayPoller")
                        .poller(Pollers.fixedDelay(properties.relayInterval())))
                .handle(Integer.class, (published, headers) -> {
                    log.debug("Relayed {} dispatches to the broker", published);
                    return null;
                })
                .get();
    }
}
