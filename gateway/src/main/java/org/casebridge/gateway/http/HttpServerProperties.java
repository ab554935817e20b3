package org.casebridge.gateway.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param headerTimeout            the longest a client may take over a request's line and headers, and
 *                                 the longest silence before them (Tomcat's connectionTimeout)
 * @param bodyGrace                the longest silence while a request body is read; also how long a body
 *                                 may arrive slower than {@code minBodyRate} before it is cut off
 * @param minBodyRate              the slowest a request body may arrive, per second of waiting for it
 * @param maxConnectionsPerAddress open connections one client address may hold; more are closed at once
 * @param probePort                a port of its own, with its own threads, that serves only
 *                                 {@code /actuator/health/**}; none when unset
 */
@ConfigurationProperties("casebridge.http")
public record HttpServerProperties(
        @DefaultValue("20s") Duration headerTimeout,
        @DefaultValue("10s") Duration bodyGrace,
        @DefaultValue("1KB") DataSize minBodyRate,
        @DefaultValue("256") int maxConnectionsPerAddress,
        Integer probePort) {
}
