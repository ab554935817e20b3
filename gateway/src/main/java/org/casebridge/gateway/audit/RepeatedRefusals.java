package org.casebridge.gateway.audit;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Refusals that come again and again (a flood of bogus tokens, a client beyond its rate) are
 * counted, not written one row each: the first refusal of a client address, reason and subject
 * within the window is written at once; the repeats within the window become one entry with
 * their count and first and last time, written when the window closes or at shutdown.
 */
@Service
public class RepeatedRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(RepeatedRefusals.class);

    private final AuditTrail trail;
    private final Clock clock;
    private final Duration window;
    private final Map<Key, Window> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("audit-refusals").unstarted(runnable));

    RepeatedRefusals(AuditTrail trail, Clock clock, AuditProperties properties) {
        this.trail = trail;
        this.clock = clock;
        this.window = properties.refusalWindow();
        long every = Math.max(100, window.toMillis() / 4);
        closer.scheduleWithFixedDelay(this::closeDue, every, every, TimeUnit.MILLISECONDS);
    }

    /** @param refusal a refused access; {@code clientAddress} the address it came from */
    public void record(AuditEntry refusal, String clientAddress) {
        Key key = new Key(clientAddress, refusal.reason(), refusal.actor());
        Instant now = clock.instant();
        boolean[] first = {false};
        open.compute(key, (k, current) -> {
            if (current == null || !now.isBefore(current.opened.plus(window))) {
                if (current != null) {
                    closer.execute(() -> write(k, current));
                }
                first[0] = true;
                return new Window(refusal, now);
            }
            current.repeat(refusal, now);
            return current;
        });
        if (first[0]) {
            trail.insert(refusal, clientAddress, null);
        }
    }

    private void closeDue() {
        Instant now = clock.instant();
        open.forEach((key, current) -> {
            if (!now.isBefore(current.opened.plus(window)) && open.remove(key, current)) {
                write(key, current);
            }
        });
    }

    private void write(Key key, Window closed) {
        AuditTrail.Repeats repeats = closed.repeats();
        if (repeats == null) {
            return;
        }
        try {
            trail.insert(closed.last, key.clientAddress, repeats);
        } catch (RuntimeException e) {
            LOG.error("could not write {} repeated refusals ({}) of {} from {}", repeats.count(), key.reason, key.actor,
                    key.clientAddress, e);
        }
    }

    /** Writes what the open windows counted so far. */
    @PreDestroy
    void close() {
        closer.shutdown();
        try {
            closer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.forEach((key, current) -> {
            if (open.remove(key, current)) {
                write(key, current);
            }
        });
    }

    private record Key(String clientAddress, String reason, String actor) {
    }

    /** The first refusal was written when the window opened; what follows in it is counted here. */
    private static final class Window {

        private final Instant opened;
        private AuditEntry last;
        private int count;
        private Instant firstRepeat;
        private Instant lastRepeat;

        Window(AuditEntry first, Instant opened) {
            this.opened = opened;
            this.last = first;
        }

        synchronized void repeat(AuditEntry refusal, Instant at) {
            if (count == 0) {
                firstRepeat = at;
            }
            count++;
            lastRepeat = at;
            last = refusal;
        }

        synchronized AuditTrail.Repeats repeats() {
            return count == 0 ? null : new AuditTrail.Repeats(count, firstRepeat, lastRepeat);
        }
    }
}
