package org.casebridge.gateway.console;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.ReadScope;
import org.casebridge.gateway.archive.Handoff;
import org.casebridge.gateway.archive.MessageArchive;
import org.springframework.stereotype.Component;

/**
 * Who may be told that a handoff changed: the access rules applied to the handoff's parties. The
 * handoff is looked up once per notice and kept briefly, so that a burst of notices about one case
 * costs one query, not one per notice or per viewer.
 */
@Component
class HandoffVisibility {

    private static final Duration KEEP = Duration.ofSeconds(10);
    private static final int MAX_ENTRIES = 10_000;

    private final MessageArchive archive;
    private final AccessPolicy access;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    HandoffVisibility(MessageArchive archive, AccessPolicy access) {
        this.archive = archive;
        this.access = access;
    }

    /** The handoff, if it exists; empty for an unknown id (nobody is told about it). */
    Optional<Handoff> handoff(String handoffId) {
        long now = System.nanoTime();
        Cached cached = cache.get(handoffId);
        if (cached != null && now - cached.loadedAt() < KEEP.toNanos()) {
            return cached.handoff();
        }
        Optional<Handoff> handoff = archive.handoff(handoffId);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear(); // a crude bound; entries are only seconds old anyway
        }
        cache.put(handoffId, new Cached(handoff, now));
        return handoff;
    }

    boolean covers(ReadScope scope, Handoff handoff) {
        return access.covers(scope, handoff);
    }

    private record Cached(Optional<Handoff> handoff, long loadedAt) {
    }
}
