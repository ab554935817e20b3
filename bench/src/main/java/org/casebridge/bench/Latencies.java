package org.casebridge.bench;

import java.util.Arrays;
import java.util.Collection;

/** Latencies in nanoseconds, one growable array per worker (no sharing), merged and sorted at the end. */
final class Latencies {

    private long[] values = new long[1024];
    private int count;

    void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    int count() {
        return count;
    }

    /** Percentiles of everything recorded by these workers. */
    static Summary summarize(Collection<Latencies> parts) {
        int total = parts.stream().mapToInt(Latencies::count).sum();
        long[] all = new long[total];
        int at = 0;
        for (Latencies part : parts) {
            System.arraycopy(part.values, 0, all, at, part.count);
            at += part.count;
        }
        return Summary.of(all);
    }

    /** Milliseconds. */
    record Summary(long count, double p50, double p90, double p99, double p999, double max, double mean) {

        static Summary of(long[] nanos) {
            if (nanos.length == 0) {
                return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return new Summary(sorted.length, ms(percentile(sorted, 50)), ms(percentile(sorted, 90)),
                    ms(percentile(sorted, 99)), ms(percentile(sorted, 99.9)), ms(sorted[sorted.length - 1]),
                    sum / sorted.length / 1e6);
        }

        /** Nearest rank. */
        static long percentile(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }
}
