package org.casebridge.gateway.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.DispatchState;
import org.casebridge.gateway.routing.Dispatches;
import org.casebridge.gateway.routing.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dispatches whose pushes the retry policy gave up on, and the ones of the same handoff to the
 * same agency held behind them so that nothing overtakes them. An operator retries a dead letter
 * (it goes back on its queue, then the held ones, in order) or abandons it (the held ones go on).
 */
@Service
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final Dispatches dispatches;
    private final Router router;
    private final Clock clock;

    DeadLetters(Dispatches dispatches, Router router, Clock clock) {
        this.dispatches = dispatches;
        this.router = router;
        this.clock = clock;
    }

    /** What an operator did: the dispatch's new state and the held dispatches put back on the queue, in order. */
    public record Outcome(Dispatch dispatch, List<String> released) {
    }

    public List<Dispatch> list(int max) {
        return dispatches.inState(DispatchState.DEAD_LETTER, max);
    }

    /** Takes the dispatch off the queue for good, until an operator acts. */
    void deadLetter(Dispatch dispatch, String lastError) {
        if (dispatches.markDeadLetter(dispatch.dispatchId(), clock.instant())) {
            log.warn("Dispatch {} to {} is a dead letter after its retry policy's last attempt ({}); later dispatches of handoff {} to it are held",
                    dispatch.dispatchId(), dispatch.recipient(), lastError, dispatch.handoffId());
        }
    }

    /** Holds the dispatch if an earlier one of its handoff to the same agency is not through; true if held. */
    boolean holdIfBlocked(Dispatch dispatch) {
        if (!dispatches.blockedBehindEarlier(dispatch)) {
            return false;
        }
        if (dispatches.markHeld(dispatch.dispatchId())) {
            log.info("Dispatch {} to {} held behind an earlier dispatch of handoff {}", dispatch.dispatchId(), dispatch.recipient(),
                    dispatch.handoffId());
        }
        return true;
    }

    /**
     * After an operator's re-queued dispatch is through: dispatches that came off the queue while it
     * was on its way again were held behind it; they go on when nothing else stands before them.
     */
    @Transactional
    void afterDelivered(Dispatch dispatch) {
        if (dispatch.round() > 0) {
            releaseHeld(dispatch.handoffId(), dispatch.recipient());
        }
    }

    @Transactional
    public Outcome retry(String dispatchId) {
        Dispatch dispatch = deadLetter(dispatchId);
        router.requeue(dispatch);
        List<String> released = new ArrayList<>();
        for (Dispatch held : dispatches.held(dispatch.handoffId(), dispatch.recipient())) {
            if (router.requeue(held)) {
                released.add(held.dispatchId());
            }
        }
        log.info("Dead letter {} re-queued by an operator, with {} held dispatches behind it", dispatchId, released.size());
        return new Outcome(dispatches.find(dispatchId).orElseThrow(), released);
    }

    @Transactional
    public Outcome abandon(String dispatchId, String by, String reason) {
        Dispatch dispatch = deadLetter(dispatchId);
        dispatches.markAbandoned(dispatchId, clock.instant(), by, reason);
        List<String> released = releaseHeld(dispatch.handoffId(), dispatch.recipient());
        log.info("Dead letter {} abandoned by {} ({}); {} held dispatches go on", dispatchId, by, reason, released.size());
        return new Outcome(dispatches.find(dispatchId).orElseThrow(), released);
    }

    private Dispatch deadLetter(String dispatchId) {
        Dispatch dispatch = dispatches.lock(dispatchId)
                .orElseThrow(() -> new GatewayRejection(Reason.NOT_FOUND, "no dispatch " + dispatchId));
        if (dispatch.state() != DispatchState.DEAD_LETTER) {
            throw new GatewayRejection(Reason.NOT_A_DEAD_LETTER,
                    "dispatch " + dispatchId + " is " + dispatch.state() + ", not a dead letter");
        }
        return dispatch;
    }

    private List<String> releaseHeld(String handoffId, String recipient) {
        List<String> released = new ArrayList<>();
        if (dispatches.hasBlocker(handoffId, recipient)) {
            return released;
        }
        for (Dispatch held : dispatches.held(handoffId, recipient)) {
            if (router.requeue(held)) {
                released.add(held.dispatchId());
            }
        }
        return released;
    }
}
