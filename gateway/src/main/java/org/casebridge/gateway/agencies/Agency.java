package org.casebridge.gateway.agencies;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.casebridge.adapter.spi.AgencyEndpoint;
import org.casebridge.contracts.v1.DeliveryMode;

/**
 * One connected agency, as configured.
 *
 * @param endpoint    where pushes go; absent for PULL
 * @param consumers   how many deliveries to this agency may run at once (order is kept per handoff)
 * @param retry       how failed pushes are retried and when they become dead letters (push modes)
 * @param certificate the agency's signing certificate, for agencies that sign instead of holding tokens
 */
public record Agency(
        String id,
        String name,
        AgencyKind kind,
        DeliveryMode deliveryMode,
        Optional<URI> endpoint,
        Duration connectTimeout,
        Duration readTimeout,
        int consumers,
        RetryPolicy retry,
        List<String> units,
        Optional<X509Certificate> certificate) {

    public Agency {
        units = List.copyOf(units);
    }

    public boolean pushes() {
        return deliveryMode != DeliveryMode.PULL;
    }

    public AgencyEndpoint pushEndpoint() {
        return new AgencyEndpoint(id, endpoint.orElseThrow(() ->
                new IllegalStateException("agency " + id + " has no push endpoint")), connectTimeout, readTimeout);
    }
}
