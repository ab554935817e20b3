package org.casebridge.adapter.spi;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how to push to one agency, from its configuration.
 *
 * @param agencyId       the agency
 * @param address        the URL of its REST webhook or SOAP endpoint
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for the answer
 */
public record AgencyEndpoint(String agencyId, URI address, Duration connectTimeout, Duration readTimeout) {
}
