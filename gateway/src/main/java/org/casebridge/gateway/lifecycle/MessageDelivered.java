package org.casebridge.gateway.lifecycle;

import java.time.Instant;

/**
 * A message of a handoff reached its addressee (acknowledged by pull or push), published in the
 * transaction that records it: a clock that waits for a notice to be served stops on it.
 */
public record MessageDelivered(String handoffId, String profile, String messageId, Instant at) {
}
