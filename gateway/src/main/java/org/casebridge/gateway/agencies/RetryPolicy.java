package org.casebridge.gateway.agencies;

import java.time.Duration;

/**
 * How pushes to one agency are retried: the wait after each failed attempt, and when to give up
 * and leave the dispatch to an operator as a dead letter.
 *
 * @param backoff     CONSTANT waits {@code firstDelay} every time; PROGRESSIVE multiplies it after each failure
 * @param firstDelay  the wait after the first failed attempt
 * @param maxDelay    the longest wait (PROGRESSIVE); equal to {@code firstDelay} for CONSTANT
 * @param multiplier  the growth of the wait per failed attempt (PROGRESSIVE); 1 for CONSTANT
 * @param maxAttempts failed attempts after which the dispatch becomes a dead letter
 */
public record RetryPolicy(Backoff backoff, Duration firstDelay, Duration maxDelay, double multiplier, int maxAttempts) {

    public enum Backoff {
        CONSTANT,
        PROGRESSIVE
    }

    public RetryPolicy {
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0 || multiplier < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("inconsistent retry policy: " + backoff + " " + firstDelay + ".." + maxDelay
                    + " x" + multiplier + ", " + maxAttempts + " attempts");
        }
    }

    public static RetryPolicy constant(Duration delay, int maxAttempts) {
        return new RetryPolicy(Backoff.CONSTANT, delay, delay, 1, maxAttempts);
    }

    public static RetryPolicy progressive(Duration firstDelay, Duration maxDelay, double multiplier, int maxAttempts) {
        return new RetryPolicy(Backoff.PROGRESSIVE, firstDelay, maxDelay, multiplier, maxAttempts);
    }

    /** Whether this many failed attempts (in the current round) leave the dispatch to an operator. */
    public boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }

    /** The wait after the given number of failed attempts (1 for the first failure). */
    public Duration delayAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("no attempt failed yet");
        }
        if (backoff == Backoff.CONSTANT) {
            return firstDelay;
        }
        // In double nanoseconds, so a long run of failures saturates at the cap instead of overflowing.
        double nanos = firstDelay.toNanos() * Math.pow(multiplier, failedAttempts - 1);
        return nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) nanos);
    }
}
