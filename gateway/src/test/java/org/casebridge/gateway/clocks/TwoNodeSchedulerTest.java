package org.casebridge.gateway.clocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two gateway nodes on one database both scan for due warnings, often and at once; each warning
 * still fires exactly once.
 */
class TwoNodeSchedulerTest {

    @TempDir
    Path work;

    @Test
    void twoNodesNeverFireAWarningTwice() throws Exception {
        AdjustableClock clock = new AdjustableClock();
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        try (RunningGateway first = RunningGateway.start(work.resolve("node-1"), agencies,
                Map.of("casebridge.clocks.scan-interval", "50ms", "casebridge.node", "node-1"), clock)) {
            int port = first.context().getBean(EmbeddedPostgres.class).getPort();
            try (RunningGateway second = RunningGateway.start(work.resolve("node-2"), agencies, Map.of(
                    "casebridge.clocks.scan-interval", "50ms", "casebridge.node", "node-2",
                    "spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    "spring.datasource.username", "postgres",
                    "casebridge.signing.keystore", work.resolve("node-1/keys/signing.p12").toString()), clock)) {
                AgencyRest amr = new AgencyRest("hohhot-amr", first.baseUrl());
                AgencyRest police = new AgencyRest("hohhot-psb", second.baseUrl());
                ObjectNode transfer = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-two-nodes", "hohhot-amr-m-two-nodes"));
                AgencyRest.Response submitted = amr.submit(transfer);
                assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
                JsonNode delivery = await().atMost(Duration.ofSeconds(20))
                        .until(() -> police.inbox().json().get("deliveries"), d -> d.size() == 1).get(0);
                police.acknowledge(delivery.get("dispatchId").asString());
                assertThat(police.submit(Messages.withoutAttachments(Messages.reply("receipt", "hohhot-amr-h-two-nodes", "hohhot-psb-m-two-receipt", "hohhot-amr-m-two-nodes")))
                        .status()).isEqualTo(201);

                JdbcClient database = first.context().getBean(JdbcClient.class);
                int warnings = database.sql("""
                        SELECT count(*) FROM clock_warning w JOIN handoff_clock c ON c.clock_key = w.clock_key
                        WHERE c.handoff_id = 'hohhot-amr-h-two-nodes' AND c.stopped_at IS NULL""").query(Integer.class).single();
                Instant lastDue = database.sql("SELECT max(fire_at) FROM clock_warning").query(java.sql.Timestamp.class).single().toInstant();
                clock.advance(Duration.between(Instant.now(), lastDue).plusSeconds(1));

                await().atMost(Duration.ofSeconds(30)).until(() -> database.sql(
                        "SELECT count(*) FROM clock_warning WHERE fired_at IS NULL").query(Integer.class).single() == 0);
                Thread.sleep(1000);
                assertThat(database.sql("SELECT count(*) FROM warning_document").query(Integer.class).single()).isEqualTo(warnings);
                assertThat(database.sql("SELECT count(*) FROM dispatch WHERE kind = 'DEADLINE_WARNING'").query(Integer.class).single())
                        .isEqualTo(warnings);
                assertThat(warnings).isGreaterThan(8);
                assertThat(database.sql("SELECT count(*) FROM audit_entry WHERE kind = 'DEADLINE_WARNING_FIRED' AND handoff_id = 'hohhot-amr-h-two-nodes'")
                        .query(Integer.class).single()).as("each warning fired is in the audit chain once").isEqualTo(warnings);
            }
        }
    }
}
