package org.casebridge.gateway.agencies;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The retry policy of every pushing agency whose entry in the agency file does not say otherwise,
 * field by field.
 *
 * @param firstRetryDelay wait after the first failed push
 * @param maxRetryDelay   the longest wait between attempts (PROGRESSIVE)
 * @param backoff         CONSTANT or PROGRESSIVE
 * @param multiplier      growth of the wait per failed attempt (PROGRESSIVE)
 * @param maxAttempts     failed attempts before a dispatch becomes a dead letter; 1500 at the 60 s cap
 *                        is about a day, so an agency down overnight needs no operator
 */
@ConfigurationProperties("casebridge.delivery")
record DeliveryDefaults(
        @DefaultValue("500ms") Duration firstRetryDelay,
        @DefaultValue("60s") Duration maxRetryDelay,
        @DefaultValue("PROGRESSIVE") RetryPolicy.Backoff backoff,
        @DefaultValue("2") double multiplier,
        @DefaultValue("1500") int maxAttempts) {

    RetryPolicy policy() {
        return backoff == RetryPolicy.Backoff.CONSTANT
                ? RetryPolicy.constant(firstRetryDelay, maxAttempts)
                : RetryPolicy.progressive(firstRetryDelay, maxRetryDelay, multiplier, maxAttempts);
    }
}
