package org.casebridge.gateway.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param firstRetryDelay wait after a failed push before the next attempt
 * @param maxRetryDelay   the longest wait between attempts; the delay doubles up to it
 */
@ConfigurationProperties("casebridge.delivery")
public record DeliveryProperties(
        @DefaultValue("500ms") Duration firstRetryDelay,
        @DefaultValue("60s") Duration maxRetryDelay) {
}
