package org.casebridge.gateway.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One token bucket per key (a caller's subject, a client address). Bounded: when full it starts
 * afresh, which at worst gives everyone a new burst.
 */
final class ClientBudgets {

    private static final int MAX_KEYS = 100_000;

    private final Supplier<TokenBucket> buckets;
    private final Map<String, TokenBucket> byKey = new ConcurrentHashMap<>();

    ClientBudgets(double perSecond, int burst) {
        this.buckets = () -> new TokenBucket(perSecond, burst, System.nanoTime());
    }

    /** @return 0 when the request may go ahead, otherwise the whole seconds to wait */
    long take(String key) {
        if (byKey.size() >= MAX_KEYS) {
            byKey.clear();
        }
        long wait = byKey.computeIfAbsent(key, k -> buckets.get()).take(System.nanoTime());
        return wait == 0 ? 0 : Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
    }
}
