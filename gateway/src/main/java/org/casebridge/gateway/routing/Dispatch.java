package org.casebridge.gateway.routing;

import java.time.Instant;
import org.casebridge.contracts.v1.DispatchKind;

/**
 * One message or delivery receipt on its way to one agency.
 *
 * @param documentId the delivery receipt or deadline warning carried, for those kinds
 * @param attempts   failed push attempts, over all rounds
 * @param round      how often an operator put it back on its queue (0 at first)
 */
public record Dispatch(
        String dispatchId,
        long seq,
        DispatchKind kind,
        String messageId,
        String documentId,
        String recipient,
        String handoffId,
        DispatchState state,
        Instant createdAt,
        Instant acknowledgedAt,
        int attempts,
        String lastError,
        int round) {
}
