package org.casebridge.gateway.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per caller (agency client or person), on each gateway node.
 *
 * @param requestsPerSecond the sustained rate
 * @param burst             how many requests may come at once after a quiet spell
 */
@ConfigurationProperties("casebridge.rate-limit")
public record RateLimitProperties(@DefaultValue("100") double requestsPerSecond, @DefaultValue("200") int burst) {
}
