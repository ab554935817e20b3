package org.casebridge.gateway.lifecycle;

import java.time.Instant;

/**
 * A transition as recorded.
 *
 * @param canonicalJson the signed form of the event (RFC 8785)
 * @param jws           the gateway's ES256 signature over exactly those bytes
 */
public record RecordedEvent(String handoffId, int seq, LifecycleEvent event, HandoffState from, HandoffState to,
        String messageId, Instant at, String actor, String canonicalJson, String jws) {
}
