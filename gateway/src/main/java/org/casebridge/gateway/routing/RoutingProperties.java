package org.casebridge.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param relayInterval  how often the outbox is checked when nothing is pending
 * @param relayBatchSize dispatches sent to the broker per transaction
 */
@ConfigurationProperties("casebridge.routing")
public record RoutingProperties(
        @DefaultValue("100ms") Duration relayInterval,
        @DefaultValue("500") int relayBatchSize) {
}
