package org.casebridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The two ways of loading a system. Closed loop: N workers, each sends its next request as soon as
 * the previous one is answered; the completions per second are the maximum throughput at that
 * concurrency. Open loop: requests are due at a fixed rate whatever happens, each latency is
 * counted from the moment the request was due (not from when a busy worker got round to sending
 * it), so a stall shows in the figures instead of silently lowering the rate (no coordinated
 * omission).
 */
final class Loops {

    /** The request is answered but its latency is recorded elsewhere (end to end: by the inbox collectors). */
    static final long ASYNC = Long.MIN_VALUE;
    /** The request failed; the op has recorded why in the result. */
    static final long FAILED = -1;

    /** One worker's request; {@code due} is when it was meant to start. */
    interface Op {
        /** @return System.nanoTime() when complete, {@link #ASYNC}, or {@link #FAILED} */
        long run(long due) throws Exception;

        default void close() {
        }
    }

    record Outcome(long completed, double seconds, Latencies.Summary latency, ProcStats.Usage usage, long issued) {
        double perSecond() {
            return seconds > 0 ? completed / seconds : 0;
        }
    }

    private Loops() {
    }

    /**
     * Runs N workers for warm-up + measure (or until {@code count} requests completed in the
     * measured part, if positive). Completions within the measured window are counted, with
     * their latencies, whenever they started.
     */
    static Outcome closed(int workers, IntFunction<Op> factory, Duration warmup, Duration measure, long count,
            ProcStats.Target target, Result result) throws InterruptedException {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            ops.add(factory.apply(i));
        }
        long begin = System.nanoTime();
        long measureStart = begin + warmup.toNanos();
        long[] measureEnd = {count > 0 ? Long.MAX_VALUE : measureStart + measure.toNanos()};
        AtomicLong completedInWindow = new AtomicLong();
        List<Latencies> parts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long[] stopAt = {measureEnd[0]};
        Object lock = new Object();
        for (int i = 0; i < workers; i++) {
            Op op = ops.get(i);
            Latencies lat = new Latencies();
            parts.add(lat);
            threads.add(Thread.ofPlatform().name("closed-" + i).start(() -> {
                while (true) {
                    long start = System.nanoTime();
                    long stop;
                    synchronized (lock) {
                        stop = stopAt[0];
                    }
                    if (start >= stop) {
                        break;
                    }
                    long done = runOne(op, start, result);
                    if (done > 0 && done >= measureStart && done <= stopAt[0]) {
                        lat.add(done - start);
                        long n = completedInWindow.incrementAndGet();
                        if (count > 0 && n >= count) {
                            synchronized (lock) {
                                stopAt[0] = Math.min(stopAt[0], done);
                            }
                        }
                    }
                }
            }));
        }
        sleepUntil(measureStart);
        ProcStats.Window window = target.window();
        long end;
        if (count > 0) {
            while (completedInWindow.get() < count && anyAlive(threads)) {
                Thread.sleep(5);
            }
            end = System.nanoTime();
            synchronized (lock) {
                stopAt[0] = Math.min(stopAt[0], end);
            }
        } else {
            sleepUntil(measureEnd[0]);
            end = measureEnd[0];
        }
        ProcStats.Usage usage = window.finish();
        for (Thread t : threads) {
            t.join();
        }
        // Only now: a closed JDBC connection takes its PostgreSQL backend, and the CPU it used, along.
        ops.forEach(Op::close);
        double seconds = (end - measureStart) / 1e9;
        return new Outcome(completedInWindow.get(), seconds, Latencies.summarize(parts), usage, completedInWindow.get());
    }

    /**
     * Issues requests at {@code ratePerSecond} for {@code duration} over N workers (each one
     * connection); latency from each request's due time.
     */
    static Outcome open(int workers, IntFunction<Op> factory, double ratePerSecond, Duration duration,
            ProcStats.Target target, Result result) throws InterruptedException {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            ops.add(factory.apply(i));
        }
        double interval = 1e9 / ratePerSecond;
        long start = System.nanoTime() + 100_000_000L;
        long end = start + duration.toNanos();
        AtomicLong next = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        List<Latencies> parts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Op op = ops.get(i);
            Latencies lat = new Latencies();
            parts.add(lat);
            threads.add(Thread.ofPlatform().name("open-" + i).start(() -> {
                while (true) {
                    long index = next.getAndIncrement();
                    long due = start + (long) (index * interval);
                    if (due >= end) {
                        break;
                    }
                    sleepUntil(due);
                    long done = runOne(op, due, result);
                    if (done == ASYNC) {
                        completed.incrementAndGet();
                    } else if (done > 0) {
                        lat.add(done - due);
                        completed.incrementAndGet();
                    }
                }
            }));
        }
        sleepUntil(start);
        ProcStats.Window window = target.window();
        sleepUntil(end);
        ProcStats.Usage usage = window.finish();
        for (Thread t : threads) {
            t.join();
        }
        // Only now: a closed JDBC connection takes its PostgreSQL backend, and the CPU it used, along.
        ops.forEach(Op::close);
        long issued = Math.min(next.get(), (long) Math.ceil(duration.toNanos() / interval));
        return new Outcome(completed.get(), duration.toNanos() / 1e9, Latencies.summarize(parts), usage, issued);
    }

    private static long runOne(Op op, long due, Result result) {
        try {
            return op.run(due);
        } catch (Exception e) {
            result.fail(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + abbreviate(e.getMessage())));
            try {
                Thread.sleep(20); // a refused connection must not spin
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return FAILED;
        }
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > 100 ? oneLine.substring(0, 100) + "..." : oneLine;
    }

    private static boolean anyAlive(List<Thread> threads) {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    static void sleepUntil(long nanoTime) {
        while (true) {
            long left = nanoTime - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(left);
        }
    }
}
