package org.casebridge.gateway.http;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The slowest a request body may arrive. Only the time spent waiting for the client counts, not
 * the time the application takes between reads.
 *
 * @param graceNanos    waiting time before the rate applies
 * @param bytesPerSecond the minimum rate after it
 */
record BodyRate(long graceNanos, long bytesPerSecond) {

    static BodyRate of(Duration grace, DataSize perSecond) {
        return new BodyRate(grace.toNanos(), perSecond.toBytes());
    }

    /** @return whether {@code bytes} received over {@code waitedNanos} of waiting is too slow */
    boolean tooSlow(long bytes, long waitedNanos) {
        return waitedNanos > graceNanos && bytes < (double) bytesPerSecond * waitedNanos / 1_000_000_000d;
    }
}
