package org.casebridge.gateway.identity;

/** A token bucket: a request takes a token; tokens come back at a steady rate up to the burst size. */
final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, int burst, long now) {
        this.perNano = perSecond / 1_000_000_000d;
        this.capacity = burst;
        this.tokens = burst;
        this.last = now;
    }

    /** @return 0 when the request may go ahead, otherwise the nanoseconds until it could */
    synchronized long take(long now) {
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
