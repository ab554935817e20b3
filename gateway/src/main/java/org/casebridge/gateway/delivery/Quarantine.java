package org.casebridge.gateway.delivery;

import java.time.Clock;
import org.casebridge.gateway.archive.UnreadableRecord;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.Dispatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes a dispatch whose message cannot be read back out of the inbox or queue: it becomes a dead
 * letter with the reason as its last error, so the operator's dead-letter list shows it (retry once
 * repaired, or abandon), and an ERROR names it. What lies behind it is delivered as usual.
 */
@Component
class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final Dispatches dispatches;
    private final Clock clock;

    Quarantine(Dispatches dispatches, Clock clock) {
        this.dispatches = dispatches;
        this.clock = clock;
    }

    /** In a transaction of its own: the caller's may be rolling back. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void quarantine(Dispatch dispatch, UnreadableRecord problem) {
        if (dispatches.markQuarantined(dispatch.dispatchId(), clock.instant(), "quarantined: " + problem.getMessage())) {
            log.error("Dispatch {} to {} quarantined as a dead letter: {}; an operator may retry it once repaired, or abandon it",
                    dispatch.dispatchId(), dispatch.recipient(), problem.getMessage(), problem);
        }
    }
}
