package org.casebridge.gateway.lifecycle;

import java.time.Instant;
import org.casebridge.contracts.v1.Message;

/**
 * Published inside the transaction that records a transition, so that what depends on it (the
 * statutory clocks) changes with it or not at all.
 *
 * @param messageId the message that caused it, or the transfer whose delivery did
 * @param message   the message that caused it, when it is being recorded in this transaction (so
 *                  that no listener reads back or decodes what intake holds already); null for a delivery
 */
public record HandoffTransitioned(String handoffId, String profile, LifecycleEvent event, String messageId, Instant at,
        Message message) {
}
