package org.casebridge.gateway.storage;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.casebridge.gateway.routing.OutboxBacklog;

/**
 * How long the outbox's head has waited for the broker. The relay deletes entries once the broker
 * has taken them, so an old head means the broker takes nothing: stopped, or blocking producers
 * because its journal's disk is full. The age comes from the database's clock (when the entry was
 * written), so every node sees the same stall from its first look. Read at most once per interval.
 */
final class DeliveryStall {

    /** The outbox head has waited this long. */
    record Stalled(long headSeq, Duration waiting) {
    }

    private final OutboxBacklog backlog;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private boolean checked;
    private long checkedAt;
    private Optional<Stalled> last = Optional.empty();

    DeliveryStall(OutboxBacklog backlog, long intervalNanos, LongSupplier nanoTime) {
        this.backlog = backlog;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** How long the current head has waited; empty when nothing waits. */
    synchronized Optional<Stalled> current() {
        long now = nanoTime.getAsLong();
        if (!checked || now - checkedAt >= intervalNanos) {
            last = backlog.head().map(head -> new Stalled(head.seq(), head.waited()));
            checked = true;
            checkedAt = now;
        }
        return last;
    }
}
