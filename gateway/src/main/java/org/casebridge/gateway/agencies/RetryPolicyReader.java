package org.casebridge.gateway.agencies;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.casebridge.contracts.v1.DeliveryMode;

/** Reads the {@code delivery.retry} block of an agency entry over the defaults, adding every problem found. */
final class RetryPolicyReader {

    private static final Duration LONGEST_FIRST_DELAY = Duration.ofHours(1);
    private static final Duration LONGEST_DELAY = Duration.ofHours(24);
    private static final int MOST_ATTEMPTS = 10_000;

    private RetryPolicyReader() {
    }

    /** @return the policy in force for the entry; the defaults when problems were added */
    static RetryPolicy read(AgencyFile.Retry retry, DeliveryMode mode, RetryPolicy defaults, List<String> problems) {
        if (retry == null) {
            return defaults;
        }
        if (mode == DeliveryMode.PULL) {
            problems.add("delivery.retry is set but mode PULL never pushes; remove it or choose a push mode");
            return defaults;
        }
        List<String> found = new ArrayList<>();
        RetryPolicy.Backoff backoff = retry.backoff() == null ? defaults.backoff()
                : AgencyFileReader.parseEnum(RetryPolicy.Backoff.class, retry.backoff(), "delivery.retry.backoff", found);
        Duration firstDelay = delay(retry.firstDelay(), defaults.firstDelay(), "delivery.retry.first-delay", LONGEST_FIRST_DELAY, found);
        Duration maxDelay = delay(retry.maxDelay(), defaults.maxDelay(), "delivery.retry.max-delay", LONGEST_DELAY, found);
        double multiplier = retry.multiplier() == null ? defaults.multiplier() : retry.multiplier();
        int maxAttempts = retry.maxAttempts() == null ? defaults.maxAttempts() : retry.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > MOST_ATTEMPTS) {
            found.add("delivery.retry.max-attempts must be between 1 and " + MOST_ATTEMPTS + ", found " + maxAttempts);
        }
        if (backoff == RetryPolicy.Backoff.CONSTANT) {
            if (retry.maxDelay() != null || retry.multiplier() != null) {
                found.add("delivery.retry.max-delay and multiplier apply to backoff PROGRESSIVE only; CONSTANT waits first-delay every time");
            }
        } else if (backoff == RetryPolicy.Backoff.PROGRESSIVE) {
            if (!(multiplier > 1 && multiplier <= 10)) {
                found.add("delivery.retry.multiplier must be above 1 and at most 10, found " + multiplier);
            }
            if (maxDelay.compareTo(firstDelay) < 0) {
                found.add("delivery.retry.max-delay (" + maxDelay + ") must not be shorter than first-delay (" + firstDelay + ")");
            }
        }
        problems.addAll(found);
        if (!found.isEmpty()) {
            return defaults;
        }
        return backoff == RetryPolicy.Backoff.CONSTANT
                ? RetryPolicy.constant(firstDelay, maxAttempts)
                : RetryPolicy.progressive(firstDelay, maxDelay, multiplier, maxAttempts);
    }

    private static Duration delay(String value, Duration fallback, String field, Duration longest, List<String> problems) {
        if (value == null) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(value.strip());
            if (duration.isNegative() || duration.isZero() || duration.compareTo(longest) > 0) {
                problems.add(field + " must be positive and at most " + longest + ", found " + value);
                return fallback;
            }
            return duration;
        } catch (DateTimeParseException e) {
            problems.add(field + " must be an ISO-8601 duration such as PT1S, found " + value);
            return fallback;
        }
    }
}
