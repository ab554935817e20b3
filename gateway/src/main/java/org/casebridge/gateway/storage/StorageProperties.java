package org.casebridge.gateway.storage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param minFreeSpace     free space every watched directory keeps: a size ({@code 512MB}) or a
 *                         share of its file system ({@code 5%})
 * @param checkInterval    how long a free-space reading, a database probe or the outbox head is
 *                         trusted before it is read again
 * @param retryAfter       what a refusal for an unavailable store tells the sender to wait
 * @param fullRetryAfter   what a refusal for a full disk tells the sender to wait (an operator must act)
 * @param maxDeliveryStall how long the outbox's oldest entry may wait for the broker before intake
 *                         refuses new messages ({@code 0} never refuses)
 */
@ConfigurationProperties("casebridge.storage")
public record StorageProperties(
        @DefaultValue("512MB") String minFreeSpace,
        @DefaultValue("2s") Duration checkInterval,
        @DefaultValue("30s") Duration retryAfter,
        @DefaultValue("5m") Duration fullRetryAfter,
        @DefaultValue("15m") Duration maxDeliveryStall) {
}
