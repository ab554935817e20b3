package org.casebridge.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.storage.StorageProbes.assertRefused;
import static org.casebridge.gateway.storage.StorageProbes.readiness;

import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The embedded broker stops under a running gateway: intake keeps accepting (PostgreSQL keeps the
 * message, the outbox waits) until the outbox's head has waited longer than the bound; then new
 * messages are refused with DELIVERY_STALLED while the node stays ready. Only pushes go through
 * the broker, so the police here take pushes (to an endpoint that is never reached: the broker
 * stops first); a message to agencies that collect their inbox does not wait on the broker.
 */
class DeliveryStallTest {

    @TempDir
    Path work;

    @Test
    void messagesToAgenciesThatCollectTheirInboxDoNotWaitOnTheBroker() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies, Map.of(
                "casebridge.storage.max-delivery-stall", "1s",
                "casebridge.storage.check-interval", "200ms"))) {
            AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
            AgencyRest police = new AgencyRest("hohhot-psb", gateway.baseUrl());
            gateway.context().getBean(EmbeddedActiveMQ.class).stop();
            for (int i = 0; i < 3; i++) {
                assertThat(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-pull-" + i, "hohhot-amr-m-pull-" + i))).status())
                        .as("message %d, broker stopped", i).isEqualTo(201);
                Thread.sleep(700); // past the stall bound by the end
            }
            JsonNode deliveries = police.inbox().json().get("deliveries");
            assertThat(deliveries).hasSize(3);
            for (JsonNode delivery : deliveries) {
                assertThat(police.acknowledge(delivery.get("dispatchId").asString()).status()).isEqualTo(200);
            }
            assertThat(police.inbox().json().get("deliveries")).isEmpty();
        }
    }

    @Test
    void intakeAcceptsWhileTheOutboxWaitsAndRefusesOnceTheBrokerHasTakenNothingForTooLong() throws Exception {
        Path agencies = TestAgencies.write(work, Map.of("hohhot-psb",
                "{ mode: PUSH_REST, endpoint: \"http://127.0.0.1:9/never\", connect-timeout: PT1S, read-timeout: PT1S }"),
                "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies, Map.of(
                "casebridge.storage.max-delivery-stall", "3s",
                "casebridge.storage.check-interval", "200ms"))) {
            AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
            assertThat(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-stall-0", "hohhot-amr-m-stall-0"))).status()).isEqualTo(201);

            gateway.context().getBean(EmbeddedActiveMQ.class).stop();
            assertThat(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-stall-1", "hohhot-amr-m-stall-1"))).status())
                    .as("accepted while the broker is down: the outbox keeps it").isEqualTo(201);
            assertThat(readiness(gateway.baseUrl())).isEqualTo(200);
            Thread.sleep(1000);
            assertThat(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-stall-2", "hohhot-amr-m-stall-2"))).status())
                    .as("still within the bound").isEqualTo(201);
            Thread.sleep(2500);
            AgencyRest.Response refused = amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-stall-3", "hohhot-amr-m-stall-3")));
            assertRefused(refused, 503, "DELIVERY_STALLED");
            assertThat(readiness(gateway.baseUrl())).as("reads and pulls still work: the node stays ready").isEqualTo(200);
            System.out.printf("broker stopped: accepted within 3 s, then %d %s (Retry-After %s)%n", refused.status(),
                    refused.json().path("code").asString(), refused.header("Retry-After"));
        }
    }
}
