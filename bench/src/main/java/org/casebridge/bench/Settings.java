package org.casebridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Options of a load run.
 *
 * @param concurrency   connections of the closed loop (and of the open loop), in-flight handoffs end to end
 * @param warmup        closed loop: run before the measured window, results discarded
 * @param duration      closed loop: the measured window (unless {@code count} is set)
 * @param openDuration  open loop: how long requests are issued at the fixed rate
 * @param count         closed loop: stop after this many measured completions instead (0: use duration)
 * @param openFraction  open loop rate as a fraction of the closed loop's throughput (0.5)
 * @param pollInterval  end to end: how long an inbox collector waits after an empty inbox
 * @param ackConnections end to end: connections per agency for acknowledgements
 * @param sampleLimit   signed answers kept for verification per phase
 * @param settleMax     longest wait for the gateway's background work between phases
 * @param handoffTimeout end to end: a handoff not completed within this is a failure
 */
record Settings(int concurrency, Duration warmup, Duration duration, Duration openDuration, long count,
        double openFraction, Duration pollInterval, int ackConnections, int sampleLimit, Duration settleMax,
        Duration handoffTimeout, long attachmentSize, Path out, String runTag, AtomicInteger sequence) {

    int nextSequence() {
        return sequence.incrementAndGet();
    }

    static String sizeLabel(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "g";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "m";
        }
        if (bytes >= 1000 && bytes % 1024 == 0) {
            return (bytes >> 10) + "k";
        }
        return Long.toString(bytes);
    }
}
