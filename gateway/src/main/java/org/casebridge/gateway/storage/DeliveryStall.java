package org.casebridge.gateway.storage;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.casebridge.gateway.routing.OutboxBacklog;

/**
 * How long the outbox's head has not moved. The relay deletes entries once the broker has taken
 * them, so a head that stays put means the broker takes nothing: stopped, or blocking producers
 * because its journal's disk is full. Timed on this node's monotonic clock from the first time it
 * saw that head, so neither a clock change nor another node's clock can fake or hide a stall.
 */
final class DeliveryStall {

    /** The outbox head has waited this long. */
    record Stalled(long headSeq, Duration waiting) {
    }

    private final OutboxBacklog backlog;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long checkedAt;
    private boolean checked;
    private long head = -1;
    private long headSeenAt;

    DeliveryStall(OutboxBacklog backlog, long intervalNanos, LongSupplier nanoTime) {
        this.backlog = backlog;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** How long the current head has waited, as far as this node has seen; empty when nothing waits. */
    synchronized Optional<Stalled> current() {
        long now = nanoTime.getAsLong();
        if (!checked || now - checkedAt >= intervalNanos) {
            OptionalLong seen = backlog.head();
            checked = true;
            checkedAt = now;
            if (seen.isEmpty()) {
                head = -1;
            } else if (seen.getAsLong() != head) {
                head = seen.getAsLong();
                headSeenAt = now;
            }
        }
        return head < 0 ? Optional.empty() : Optional.of(new Stalled(head, Duration.ofNanos(now - headSeenAt)));
    }
}
