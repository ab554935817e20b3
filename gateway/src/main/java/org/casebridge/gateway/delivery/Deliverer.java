package org.casebridge.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.casebridge.adapter.spi.OutboundTransport;
import org.casebridge.adapter.spi.OutboundTransport.PushResult;
import org.casebridge.contracts.v1.DeliveryMode;
import org.casebridge.gateway.agencies.Agency;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.agencies.RetryPolicy;
import org.casebridge.gateway.archive.UnreadableRecord;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.DispatchState;
import org.casebridge.gateway.routing.Dispatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Delivers one dispatch taken off its agency's queue. A push is retried here, on the listener's
 * thread, as the agency's retry policy says: the handoff's later dispatches wait behind it, so
 * order holds. When the policy gives up, the dispatch becomes a dead letter and leaves the queue;
 * the handoff's later dispatches to that agency are then held until an operator acts. When the
 * gateway stops, the attempt is abandoned and the broker keeps the dispatch.
 */
@Component
class Deliverer implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);

    private final Dispatches dispatches;
    private final AgencyDirectory agencies;
    private final DispatchDocuments documents;
    private final Acknowledgements acknowledgements;
    private final Map<DeliveryMode, OutboundTransport> transports;
    private final DeliveryAttempts attempts;
    private final DeadLetters deadLetters;
    private final Quarantine quarantine;
    private final Clock clock;
    private volatile boolean running = true;

    Deliverer(Dispatches dispatches, AgencyDirectory agencies, DispatchDocuments documents,
            Acknowledgements acknowledgements, java.util.List<OutboundTransport> transports,
            DeliveryAttempts attempts, DeadLetters deadLetters, Quarantine quarantine, Clock clock) {
        this.quarantine = quarantine;
        this.dispatches = dispatches;
        this.agencies = agencies;
        this.documents = documents;
        this.acknowledgements = acknowledgements;
        this.transports = transports.stream().collect(Collectors.toMap(OutboundTransport::mode, Function.identity()));
        this.attempts = attempts;
        this.deadLetters = deadLetters;
        this.clock = clock;
        for (Agency agency : agencies.all()) {
            if (agency.pushes() && !this.transports.containsKey(agency.deliveryMode())) {
                throw new IllegalStateException("agency " + agency.id() + " wants " + agency.deliveryMode()
                        + " but no transport for it is installed");
            }
        }
    }

    void deliver(String dispatchId) {
        Optional<Dispatch> found = dispatches.find(dispatchId);
        if (found.isEmpty()) {
            log.error("Dispatch {} came off the queue but is not recorded; dropped", dispatchId);
            return;
        }
        Dispatch dispatch = found.get();
        if (dispatch.state() != DispatchState.QUEUED) {
            return; // delivered, dead-lettered or held before: the broker redelivered after a crash
        }
        Agency agency = agencies.find(dispatch.recipient()).orElseThrow(() ->
                new DeliveryPostponed("agency " + dispatch.recipient() + " is no longer configured"));
        if (!agency.pushes()) {
            dispatches.markAvailable(dispatchId, clock.instant());
            return;
        }
        if (deadLetters.holdIfBlocked(dispatch)) {
            return;
        }
        push(dispatch, agency);
    }

    private void push(Dispatch dispatch, Agency agency) {
        OutboundTransport transport = transports.get(agency.deliveryMode());
        DispatchDocuments.Contents contents;
        try {
            contents = documents.contents(dispatch, transport.encoding());
        } catch (UnreadableRecord unreadable) {
            quarantine.quarantine(dispatch, unreadable); // off the queue: the broker would redeliver it for ever
            return;
        }
        OutboundTransport.Push push = new OutboundTransport.Push(dispatch.dispatchId(), dispatch.kind(),
                contents.document(), contents.attachments());
        RetryPolicy policy = agency.retry();
        // Counted from the records, so a restart does not grant a dispatch a fresh set of attempts.
        int failed = attempts.failedInRound(dispatch);
        String lastError = dispatch.lastError();
        while (!policy.exhausted(failed)) {
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            PushResult result = transport.push(agency.pushEndpoint(), push);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (result instanceof PushResult.Accepted accepted) {
                attempts.delivered(dispatch, started, took);
                acknowledgements.acknowledge(dispatch, clock.instant(), accepted.acknowledgedBy(), agency.deliveryMode());
                deadLetters.afterDelivered(dispatch);
                return;
            }
            PushResult.Failed failure = (PushResult.Failed) result;
            attempts.failed(dispatch, started, took, failure.kind(), failure.reason());
            failed++;
            lastError = failure.reason();
            if (policy.exhausted(failed)) {
                break;
            }
            Duration delay = policy.delayAfter(failed);
            log.warn("Push of {} to {} failed ({}, attempt {} of {}); next attempt in {}", dispatch.dispatchId(), agency.id(),
                    failure.reason(), failed, policy.maxAttempts(), delay);
            pause(delay);
        }
        deadLetters.deadLetter(dispatch, lastError);
    }

    private void pause(Duration delay) {
        long until = System.nanoTime() + delay.toNanos();
        while (System.nanoTime() < until) {
            if (!running) {
                throw new DeliveryPostponed("the gateway is stopping");
            }
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryPostponed("interrupted");
            }
        }
    }

    /** How long a listener keeps a dispatch that failed for a reason of the gateway's own before it goes back. */
    static final Duration FAILURE_HOLD = Duration.ofSeconds(1);

    /** Waits on the listener's thread after a failure; cut short when the gateway stops. */
    void holdAfterFailure() {
        pause(FAILURE_HOLD);
    }

    /** Published before any listener is stopped, so a retrying push lets go of its thread first. */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        running = false;
    }

    /** The dispatch stays on its queue and is delivered later. */
    static final class DeliveryPostponed extends RuntimeException {
        DeliveryPostponed(String why) {
            super(why, null, false, false);
        }
    }
}
