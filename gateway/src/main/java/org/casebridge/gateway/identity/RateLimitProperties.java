package org.casebridge.gateway.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per caller (agency client or person), on each gateway node; and per client address for what
 * comes without a caller: requests without a token, refused tokens, signed SOAP requests (whose
 * signature is checked only later, inside CXF) and console requests without a session.
 *
 * @param requestsPerSecond        the sustained rate of a caller
 * @param burst                    how many requests a caller may send at once after a quiet spell
 * @param addressRequestsPerSecond the sustained rate of requests without a caller from one client address
 * @param addressBurst             how many of those one client address may send at once
 */
@ConfigurationProperties("casebridge.rate-limit")
public record RateLimitProperties(@DefaultValue("100") double requestsPerSecond, @DefaultValue("200") int burst,
        @DefaultValue("50") double addressRequestsPerSecond, @DefaultValue("200") int addressBurst) {
}
