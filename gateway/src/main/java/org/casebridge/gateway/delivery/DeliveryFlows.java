package org.casebridge.gateway.delivery;

import jakarta.jms.ConnectionFactory;
import org.casebridge.gateway.agencies.Agency;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.routing.DispatchQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.jms.dsl.Jms;
import org.springframework.stereotype.Component;

/**
 * The "deliver" stage of the pipeline: one flow per configured agency, from its queue to the
 * deliverer. The listener's broker transaction commits only after the dispatch is delivered or
 * in the inbox; a failure or a crash leaves it on the queue.
 */
@Component
class DeliveryFlows implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DeliveryFlows.class);

    private final IntegrationFlowContext flows;
    private final AgencyDirectory agencies;
    private final ConnectionFactory broker;
    private final Deliverer deliverer;

    DeliveryFlows(IntegrationFlowContext flows, AgencyDirectory agencies, ConnectionFactory broker, Deliverer deliverer) {
        this.flows = flows;
        this.agencies = agencies;
        this.broker = broker;
        this.deliverer = deliverer;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Agency agency : agencies.all()) {
            IntegrationFlow flow = IntegrationFlow
                    .from(Jms.messageDrivenChannelAdapter(Jms.container(broker, DispatchQueues.of(agency.id()))
                            .sessionTransacted(true)
                            .concurrentConsumers(agency.consumers())
                            .maxConcurrentConsumers(agency.consumers())
                            .errorHandler(DeliveryFlows::logFailure)
                            .id("deliveryListener." + agency.id())))
                    .handle(String.class, (dispatchId, headers) -> {
                        try {
                            deliverer.deliver(dispatchId);
                        } catch (Deliverer.DeliveryPostponed postponed) {
                            throw postponed;
                        } catch (RuntimeException failure) {
                            // Still holding the dispatch: the broker hands it back at the head of its
                            // queue (no redelivery delay), so waiting here keeps the handoff's order
                            // and keeps a failure (the database down, say) from spinning.
                            deliverer.holdAfterFailure();
                            throw failure;
                        }
                        return null;
                    })
                    .get();
            flows.registration(flow).id("delivery." + agency.id()).register();
        }
    }

    /** The dispatch stays on its queue either way; a postponement is routine, anything else is not. */
    private static void logFailure(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof Deliverer.DeliveryPostponed)) {
            cause = cause.getCause();
        }
        if (cause instanceof Deliverer.DeliveryPostponed postponed) {
            log.info("Delivery postponed: {}", postponed.getMessage());
        } else {
            log.error("Delivery failed; the dispatch stays queued and is tried again", failure);
        }
    }
}
