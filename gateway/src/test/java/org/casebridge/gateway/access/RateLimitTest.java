package org.casebridge.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each caller has its own budget: one that overspends waits, the others do not notice. */
class RateLimitTest {

    @TempDir
    Path work;

    @Test
    void aCallerBeyondItsRateGets429WithRetryAfterAndOthersAreUnaffected() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies,
                Map.of("casebridge.rate-limit.requests-per-second", "1", "casebridge.rate-limit.burst", "3"))) {
            AgencyRest greedy = new AgencyRest("hohhot-amr", gateway.baseUrl());
            AgencyRest patient = new AgencyRest("hohhot-psb", gateway.baseUrl());
            for (int i = 0; i < 3; i++) {
                assertThat(greedy.inbox().status()).isEqualTo(200);
            }
            AgencyRest.Response refused = greedy.inbox();
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().get("code").asString()).isEqualTo("RATE_LIMITED");
            int retryAfter = Integer.parseInt(refused.header("Retry-After"));
            assertThat(retryAfter).isBetween(1, 2);

            assertThat(patient.inbox().status()).isEqualTo(200);

            Thread.sleep(retryAfter * 1000L + 100);
            assertThat(greedy.inbox().status()).isEqualTo(200);
        }
    }
}
