package org.casebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopsTest {

    private static final ProcStats.Target SELF = new ProcStats.Target(ProcStats.selfPid(), null);

    @Test
    void closedLoopStopsAfterTheCount() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Result result = new Result("t", "closed", "test", "");
        Loops.Outcome o = Loops.closed(4, i -> due -> {
            calls.incrementAndGet();
            Thread.sleep(1);
            return System.nanoTime();
        }, Duration.ZERO, Duration.ZERO, 200, SELF, result);
        assertThat(o.completed()).isBetween(200L, 204L);
        assertThat(o.latency().count()).isEqualTo(o.completed());
        assertThat(result.ok()).isTrue();
    }

    @Test
    void openLoopKeepsItsRateAndCountsFromTheDueTime() throws Exception {
        Result result = new Result("t", "open", "test", "");
        Loops.Outcome o = Loops.open(2, i -> due -> {
            Thread.sleep(2);
            return System.nanoTime();
        }, 100, Duration.ofSeconds(1), SELF, result);
        assertThat(o.issued()).isEqualTo(100);
        assertThat(o.completed()).isEqualTo(100);
        assertThat(o.latency().p50()).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void aStallShowsInTheOpenLoopsLatencies() throws Exception {
        Result result = new Result("t", "open", "test", "");
        AtomicInteger n = new AtomicInteger();
        // one worker, 100/s, and one request that takes 300 ms: the ~30 requests due meanwhile wait
        Loops.Outcome o = Loops.open(1, i -> due -> {
            Thread.sleep(n.incrementAndGet() == 10 ? 300 : 1);
            return System.nanoTime();
        }, 100, Duration.ofSeconds(1), SELF, result);
        assertThat(o.latency().max()).isGreaterThanOrEqualTo(300.0);
        assertThat(o.latency().p90()).isGreaterThan(50.0);
    }

    @Test
    void failuresAreCountedByKind() throws Exception {
        Result result = new Result("t", "closed", "test", "");
        Loops.closed(1, i -> due -> {
            throw new java.io.IOException("refused");
        }, Duration.ZERO, Duration.ofMillis(100), 0, SELF, result);
        assertThat(result.ok()).isFalse();
        assertThat(result.toMap().get("failures").toString()).contains("IOException: refused");
    }
}
