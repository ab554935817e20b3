package org.casebridge.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.casebridge.contracts.v1.AcknowledgeRequest;
import org.casebridge.contracts.v1.Delivery;
import org.casebridge.contracts.v1.FetchInboxRequest;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.AgencySoap;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored message that cannot be read back (issue 14, finding 1: a sentAt kept as -infinity, or
 * canonical JSON that no longer matches its digest), written behind the application's back,
 * ahead of good ones. It must never block what lies behind it: the inbox pages (REST and SOAP),
 * acknowledgements, push delivery, the case reads and the evidence export go on, and the bad
 * record's dispatches are quarantined as dead letters that the operator sees, with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonedRecordTest {

    private static final String AMR = "hohhot-amr";
    private static final String PSB = "hohhot-psb";
    private static final String PROCURATORATE = "hohhot-procuratorate";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> pushed = new CopyOnWriteArrayList<>();
    private HttpServer webhook;
    private RunningGateway gateway;
    private JdbcClient database;
    private String jdbcUrl;
    private AgencyRest amr;
    private AgencyRest police;

    @BeforeAll
    void start() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            pushed.add(exchange.getRequestHeaders().getFirst("Casebridge-Dispatch-Id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        Path work = Files.createTempDirectory("poisoned");
        Path agencies = TestAgencies.write(work, Map.of(PROCURATORATE, """
                { mode: PUSH_REST, endpoint: "http://127.0.0.1:%d/hook",
                  retry: { backoff: CONSTANT, first-delay: PT0.2S, max-attempts: 2 } }""".formatted(webhook.getAddress().getPort())),
                AMR, PSB, PROCURATORATE);
        gateway = RunningGateway.start(work.resolve("data"), agencies);
        database = gateway.context().getBean(JdbcClient.class);
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + gateway.context().getBean(EmbeddedPostgres.class).getPort() + "/postgres";
        amr = new AgencyRest(AMR, gateway.baseUrl());
        police = new AgencyRest(PSB, gateway.baseUrl());
    }

    @AfterAll
    void stop() {
        gateway.close();
        webhook.stop(0);
    }

    @Test
    void aRecordThatCannotBeReadIsQuarantinedAndWhatLiesBehindItFlows() throws Exception {
        // A good transfer, delivered: its rows are the template of the poisoned ones.
        String template = transfer("hohhot-amr-h-template", "hohhot-amr-m-template");
        acknowledgeAll(police);

        // Poisoned ahead of a good one in the police's inbox (REST), and in the procuratorate's push queue.
        String infinite = poison("hohhot-amr-m-infinite", template, Poison.SENT_AT_INFINITY);
        String garbled = poison("hohhot-amr-m-garbled", template, Poison.GARBLED_JSON);
        String good = transfer("hohhot-amr-h-good", "hohhot-amr-m-good");

        AgencyRest.Response page = police.inbox();
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(messageIds(page.json())).containsExactly(good);
        for (String id : List.of(infinite, garbled)) {
            assertThat(dispatchState(id, PSB)).isEqualTo("DEAD_LETTER");
        }
        // The push queue: the poisoned dispatches leave it, the good transfer is pushed.
        await().atMost(Duration.ofSeconds(30)).until(() -> "DEAD_LETTER".equals(dispatchState(infinite, PROCURATORATE))
                && "DEAD_LETTER".equals(dispatchState(garbled, PROCURATORATE))
                && "ACKNOWLEDGED".equals(dispatchState(good, PROCURATORATE)));
        assertThat(pushed).contains(dispatchId(good, PROCURATORATE)).doesNotContain(dispatchId(infinite, PROCURATORATE));

        // The good one is acknowledged; reading the case and exporting it work, with the bad message left out and named.
        String goodDispatch = page.json().at("/deliveries/0/dispatchId").asString();
        assertThat(police.acknowledge(goodDispatch).status()).isEqualTo(200);
        assertThat(police.get("/api/v1/messages/" + good).status()).isEqualTo(200);
        AgencyRest.Response read = police.get("/api/v1/messages/" + infinite);
        assertThat(read.status()).as(read.body()).isEqualTo(409);
        assertThat(read.json().path("code").asString()).isEqualTo("QUARANTINED");
        AgencyRest.Response handoff = police.get("/api/v1/handoffs/" + handoffOf(infinite));
        assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
        HttpResponse<byte[]> export = export(handoffOf(infinite));
        assertThat(export.statusCode()).isEqualTo(200);
        JsonNode summary = AgencyRest.JSON.readTree(zipEntry(export.body(), "handoff.json"));
        assertThat(summary.path("unreadableMessages").valueStream().map(m -> m.path("messageId").asString()).toList())
                .containsExactly(infinite);
        assertThat(export(handoffOf(good)).statusCode()).isEqualTo(200);

        // Over SOAP too: a page behind a fresh poisoned record, and an acknowledgement of one not yet met.
        String soapPoison = poison("hohhot-amr-m-infinite-soap", template, Poison.SENT_AT_INFINITY);
        String soapGood = transfer("hohhot-amr-h-good-soap", "hohhot-amr-m-good-soap");
        AgencySoap soap = new AgencySoap(PSB, gateway.baseUrl());
        FetchInboxRequest fetch = new FetchInboxRequest();
        fetch.setMax(10);
        List<Delivery> deliveries = soap.port().fetchInbox(fetch).getDeliveries();
        assertThat(deliveries).extracting(Delivery::getDispatchId).containsExactly(dispatchId(soapGood, PSB));
        assertThat(dispatchState(soapPoison, PSB)).isEqualTo("DEAD_LETTER");
        AcknowledgeRequest ack = new AcknowledgeRequest();
        ack.setDispatchId(dispatchId(soapGood, PSB));
        soap.port().acknowledge(ack);
        assertThat(dispatchState(soapGood, PSB)).isEqualTo("ACKNOWLEDGED");

        String unmet = poison("hohhot-amr-m-garbled-ack", template, Poison.GARBLED_JSON);
        AgencyRest.Response refusedAck = police.acknowledge(dispatchId(unmet, PSB));
        assertThat(refusedAck.status()).as(refusedAck.body()).isEqualTo(409);
        assertThat(refusedAck.json().path("code").asString()).isEqualTo("QUARANTINED");
        assertThat(dispatchState(unmet, PSB)).isEqualTo("DEAD_LETTER");

        // The operator sees every quarantined dispatch, with why.
        HttpResponse<String> deadLetters = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/admin/dead-letters"))
                .header("Authorization", "Bearer " + KeycloakServer.shared().passwordToken("operator", "operator")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deadLetters.statusCode()).isEqualTo(200);
        JsonNode listed = AgencyRest.JSON.readTree(deadLetters.body()).path("deadLetters");
        assertThat(listed.valueStream().map(d -> d.path("dispatchId").asString()).toList()).containsExactlyInAnyOrder(
                dispatchId(infinite, PSB), dispatchId(garbled, PSB), dispatchId(infinite, PROCURATORATE),
                dispatchId(garbled, PROCURATORATE), dispatchId(soapPoison, PSB), dispatchId(soapPoison, PROCURATORATE),
                dispatchId(unmet, PSB), dispatchId(unmet, PROCURATORATE));
        assertThat(listed.valueStream().map(d -> d.path("lastError").asString()).toList())
                .allMatch(error -> error.startsWith("quarantined: the stored record of message hohhot-amr-m-"));
    }

    enum Poison { SENT_AT_INFINITY, GARBLED_JSON }

    /**
     * A copy of the template message's rows under a new id and handoff, damaged, with a dispatch to
     * the police ahead of everything in their inbox and one queued for the procuratorate's webhook.
     */
    private String poison(String messageId, String template, Poison poison) throws Exception {
        String handoffId = messageId + "-h";
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            connection.createStatement().execute("SET session_replication_role = replica");
            execute(connection, "INSERT INTO handoff (handoff_id, profile, opened_by, opened_at) VALUES (?, 'cn', ?, now())",
                    handoffId, messageId);
            execute(connection, "INSERT INTO handoff_party (handoff_id, agency_id) SELECT ?, agency_id FROM message_party WHERE message_id = ?",
                    handoffId, template);
            execute(connection, """
                    INSERT INTO message (message_id, handoff_id, in_reply_to, type, profile, sender_agency, recipient_agency,
                        sent_at, received_at, received_by, canonical_sha256, canonical_json)
                    SELECT ?, ?, in_reply_to, type, profile, sender_agency, recipient_agency,
                        CASE WHEN ? THEN '-infinity'::timestamptz ELSE sent_at END, now(), received_by, canonical_sha256,
                        CASE WHEN ? THEN left(canonical_json, 40) ELSE canonical_json END
                    FROM message WHERE message_id = ?""",
                    messageId, handoffId, poison == Poison.SENT_AT_INFINITY, poison == Poison.GARBLED_JSON, template);
            execute(connection, "INSERT INTO message_party (message_id, agency_id, role) SELECT ?, agency_id, role FROM message_party WHERE message_id = ?",
                    messageId, template);
            execute(connection, """
                    INSERT INTO dispatch (dispatch_id, seq, kind, message_id, document_id, recipient_agency, handoff_id, state,
                        created_at, available_at)
                    VALUES (?, (SELECT min(seq) - 1 FROM dispatch), 'MESSAGE', ?, ?, ?, ?, 'AVAILABLE', now(), now())""",
                    messageId + "-d-psb", messageId, messageId, PSB, handoffId);
            execute(connection, """
                    INSERT INTO dispatch (dispatch_id, seq, kind, message_id, document_id, recipient_agency, handoff_id, state, created_at)
                    VALUES (?, (SELECT min(seq) - 1 FROM dispatch), 'MESSAGE', ?, ?, ?, ?, 'QUEUED', now())""",
                    messageId + "-d-pp", messageId, messageId, PROCURATORATE, handoffId);
            execute(connection, "INSERT INTO outbox (dispatch_id, recipient_agency, handoff_id) VALUES (?, ?, ?)",
                    messageId + "-d-pp", PROCURATORATE, handoffId);
        }
        return messageId;
    }

    private static void execute(Connection connection, String sql, Object... params) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            assertThat(statement.executeUpdate()).as(sql).isPositive();
        }
    }

    private String transfer(String handoffId, String messageId) {
        ObjectNode message = Messages.withoutAttachments(Messages.referral(handoffId, messageId));
        AgencyRest.Response submitted = amr.submit(message);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> "AVAILABLE".equals(dispatchState(messageId, PSB)));
        return messageId;
    }

    private void acknowledgeAll(AgencyRest agency) {
        for (JsonNode delivery : agency.inbox().json().path("deliveries")) {
            assertThat(agency.acknowledge(delivery.path("dispatchId").asString()).status()).isEqualTo(200);
        }
    }

    private String dispatchState(String messageId, String recipient) {
        return database.sql("SELECT state FROM dispatch WHERE message_id = ? AND recipient_agency = ? AND kind = 'MESSAGE'")
                .params(messageId, recipient).query(String.class).optional().orElse(null);
    }

    private String dispatchId(String messageId, String recipient) {
        return database.sql("SELECT dispatch_id FROM dispatch WHERE message_id = ? AND recipient_agency = ? AND kind = 'MESSAGE'")
                .params(messageId, recipient).query(String.class).single();
    }

    private String handoffOf(String messageId) {
        return database.sql("SELECT handoff_id FROM message WHERE message_id = ?").param(messageId).query(String.class).single();
    }

    private static List<String> messageIds(JsonNode page) {
        return page.path("deliveries").valueStream().map(d -> d.at("/sealedMessage/message/messageId").asString()).toList();
    }

    private HttpResponse<byte[]> export(String handoffId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/handoffs/" + handoffId + "/evidence"))
                .header("Authorization", "Bearer " + police.token()).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String zipEntry(byte[] zip, String name) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().equals(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + name + " in the export");
    }
}
