package org.casebridge.gateway.lifecycle;

import java.time.Instant;

/**
 * Published inside the transaction that records a transition, so that what depends on it (the
 * statutory clocks) changes with it or not at all.
 *
 * @param messageId the message that caused it, or the transfer whose delivery did
 */
public record HandoffTransitioned(String handoffId, String profile, LifecycleEvent event, String messageId, Instant at) {
}
