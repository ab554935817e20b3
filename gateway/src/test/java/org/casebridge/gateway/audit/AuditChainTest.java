package org.casebridge.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.GatewayKeys;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.casebridge.testkit.verify.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real handoff on a real gateway leaves its audit entries, which get linked and checkpointed;
 * the application cannot change them; and whatever a superuser changes behind the triggers'
 * back, the verification (API and command) names exactly the link that broke.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditChainTest {

    private static final String HANDOFF = "hohhot-amr-h-audit";
    private static final String TRANSFER = "hohhot-amr-m-audit-transfer";

    private final HttpClient http = HttpClient.newHttpClient();
    private Path work;
    private RunningGateway gateway;
    private JdbcClient database;
    private String jdbcUrl;
    private String transportJws;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("audit-chain");
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-psb");
        gateway = RunningGateway.start(work.resolve("data"), agencies, Map.of(
                "casebridge.audit.seal-interval", "100ms", "casebridge.audit.checkpoint-interval", "300ms"));
        database = gateway.context().getBean(JdbcClient.class);
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + gateway.context().getBean(EmbeddedPostgres.class).getPort() + "/postgres";

        AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
        AgencyRest police = new AgencyRest("hohhot-psb", gateway.baseUrl());
        AgencyRest.Response submitted = amr.submit(Messages.withoutAttachments(Messages.referral(HANDOFF, TRANSFER)));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        transportJws = submitted.json().get("jws").asString();
        JsonNode delivery = await().atMost(Duration.ofSeconds(20))
                .until(() -> police.inbox().json().get("deliveries"), d -> d.size() == 1).get(0);
        assertThat(police.acknowledge(delivery.get("dispatchId").asString()).status()).isLessThan(300);
        assertThat(police.submit(Messages.withoutAttachments(Messages.reply("receipt", HANDOFF, "hohhot-psb-m-audit-receipt", TRANSFER)))
                .status()).isEqualTo(201);
        assertThat(new AgencyRest("baotou-psb", gateway.baseUrl()).get("/api/v1/messages/" + TRANSFER).status()).isEqualTo(404);
        awaitAllSealedAndCheckpointed();
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void aHandoffLeavesItsEntriesAndTheyAreSealed() throws Exception {
        List<String> kinds = database.sql("""
                        SELECT e.kind || coalesce(' ' || (e.details::jsonb ->> 'kind'), '') || coalesce(' ' || (e.details::jsonb ->> 'event'), '')
                        FROM audit_entry e JOIN audit_chain c ON c.entry_id = e.entry_id
                        WHERE e.handoff_id = ? ORDER BY c.seq""")
                .param(HANDOFF).query(String.class).list();
        assertThat(kinds).contains("MESSAGE_ACCEPTED", "RECEIPT_ISSUED TRANSPORT", "RECEIPT_ISSUED DELIVERY",
                "STATE_CHANGED SUBMITTED", "STATE_CHANGED DELIVERED", "DISPATCH_ACKNOWLEDGED MESSAGE");
        assertThat(kinds.stream().filter("MESSAGE_ACCEPTED"::equals)).hasSize(2);

        JsonNode accepted = details("SELECT details FROM audit_entry WHERE kind = 'MESSAGE_ACCEPTED' AND target = ?", "message:" + TRANSFER);
        JsonNode receipt = AgencyRest.JSON.readTree(new String(java.util.Base64.getUrlDecoder().decode(transportJws.split("\\.")[1]),
                StandardCharsets.UTF_8));
        assertThat(accepted.get("sha256").asString()).isEqualTo(receipt.get("messageSha256").asString());
        assertThat(accepted.get("sender").asString()).isEqualTo("hohhot-amr");
        assertThat(accepted.get("copies").get(0).asString()).isEqualTo("hohhot-procuratorate");
        JsonNode issued = details("SELECT details FROM audit_entry WHERE kind = 'RECEIPT_ISSUED' AND details::jsonb ->> 'receiptId' = ?",
                receipt.get("receiptId").asString());
        assertThat(issued.get("jwsSha256").asString()).isEqualTo(AuditDetails.sha256(transportJws));

        assertThat(database.sql("""
                        SELECT count(*) FROM audit_entry e JOIN audit_chain c ON c.entry_id = e.entry_id
                        WHERE e.kind = 'ACCESS' AND e.actor = 'baotou-psb' AND e.target = ? AND e.details::jsonb ->> 'outcome' = 'DENIED'""")
                .param("message:" + TRANSFER).query(Integer.class).single()).isEqualTo(1);
        assertThat(database.sql("SELECT target FROM audit_entry WHERE kind = 'CONFIGURATION_LOADED'").query(String.class).list())
                .contains("configuration:agencies", "configuration:deadline-profile:cn", "configuration:holiday-calendar:cn-2026");

        JsonNode report = verification("auditor");
        assertThat(report.get("intact").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("firstBreak").isNull()).isTrue();
        assertThat(report.get("links").asLong()).isGreaterThanOrEqualTo(database.sql(
                "SELECT count(*) FROM audit_entry WHERE handoff_id = ?").param(HANDOFF).query(Long.class).single());
        assertThat(report.get("checkpoints").asLong()).isPositive();
        assertThat(verification("operator").get("intact").asBoolean()).isTrue();
        assertThat(call("hohhot-psb", "/api/v1/admin/audit/verification").statusCode()).isEqualTo(403);
        assertThat(call("liaison", "/api/v1/admin/audit/verification").statusCode()).isEqualTo(403);
    }

    @Test
    void theApplicationCannotChangeOrRemoveAuditRecords() {
        for (String sql : List.of("UPDATE audit_entry SET actor = 'someone' WHERE entry_id = (SELECT min(entry_id) FROM audit_entry)",
                "DELETE FROM audit_entry WHERE entry_id = (SELECT min(entry_id) FROM audit_entry)",
                "UPDATE audit_chain SET hash = 'x' WHERE seq = 1", "DELETE FROM audit_chain WHERE seq = 1",
                "UPDATE audit_checkpoint SET hash = 'x'", "DELETE FROM audit_checkpoint",
                "TRUNCATE audit_entry CASCADE", "TRUNCATE audit_chain", "TRUNCATE audit_checkpoint")) {
            assertThatThrownBy(() -> database.sql(sql).update()).as(sql).rootCause().hasMessageContaining("append-only");
        }
    }

    @Test
    void anEntryEditedBehindTheTriggersIsTheFirstBreakThroughTheApiAndTheCommand() throws Exception {
        long entryId = database.sql("SELECT entry_id FROM audit_entry WHERE kind = 'MESSAGE_ACCEPTED' AND target = ?")
                .param("message:" + TRANSFER).query(Long.class).single();
        long seq = seqOf(entryId);
        String original = database.sql("SELECT details FROM audit_entry WHERE entry_id = ?").param(entryId).query(String.class).single();
        superuser("UPDATE audit_entry SET details = replace(details, 'hohhot-psb', 'baotou-psb') WHERE entry_id = " + entryId);
        try {
            JsonNode report = verification("auditor");
            assertBreak(report, seq, entryId, "BODY_DIGEST_DIFFERS");
            assertThat(report.get("problems").asLong()).isEqualTo(1);

            AuditCommandProcess command = command();
            assertThat(command.exitStatus()).as(command.toString()).isEqualTo(1);
            assertBreak(command.report(), seq, entryId, "BODY_DIGEST_DIFFERS");
        } finally {
            superuser("UPDATE audit_entry SET details = '" + original.replace("'", "''") + "' WHERE entry_id = " + entryId);
        }
        assertThat(verification("auditor").get("intact").asBoolean()).isTrue();
        AuditCommandProcess command = command();
        assertThat(command.exitStatus()).as(command.toString()).isZero();
        assertThat(command.report().get("intact").asBoolean()).isTrue();
        assertThat(command.report().get("links").asLong()).isPositive();
    }

    @Test
    void aDeletedEntryIsFound() throws Exception {
        long entryId = database.sql("SELECT entry_id FROM audit_entry WHERE kind = 'DISPATCH_ACKNOWLEDGED' AND handoff_id = ?")
                .param(HANDOFF).query(Long.class).single();
        long seq = seqOf(entryId);
        superuser("CREATE TABLE saved_entry AS SELECT * FROM audit_entry WHERE entry_id = " + entryId,
                "DELETE FROM audit_entry WHERE entry_id = " + entryId);
        try {
            assertBreak(verification("operator"), seq, entryId, "ENTRY_MISSING");
        } finally {
            superuser("INSERT INTO audit_entry SELECT * FROM saved_entry", "DROP TABLE saved_entry");
        }
        assertThat(verification("operator").get("intact").asBoolean()).isTrue();
    }

    @Test
    void anEditedChainHashIsFound() throws Exception {
        long seq = 3;
        long entryId = database.sql("SELECT entry_id FROM audit_chain WHERE seq = ?").param(seq).query(Long.class).single();
        String hash = database.sql("SELECT hash FROM audit_chain WHERE seq = ?").param(seq).query(String.class).single();
        superuser("UPDATE audit_chain SET hash = '" + "f".repeat(64) + "' WHERE seq = " + seq);
        try {
            JsonNode report = verification("auditor");
            assertBreak(report, seq, entryId, "LINK_HASH_DIFFERS");
            assertThat(report.get("firstBreak").get("found").asString()).isEqualTo("f".repeat(64));
            assertThat(report.get("firstBreak").get("expected").asString()).isEqualTo(hash);
        } finally {
            superuser("UPDATE audit_chain SET hash = '" + hash + "' WHERE seq = " + seq);
        }
        assertThat(verification("auditor").get("intact").asBoolean()).isTrue();
    }

    @Test
    void aDeletedLinkLeavesAGap() throws Exception {
        long seq = 2;
        superuser("CREATE TABLE saved_link AS SELECT * FROM audit_chain WHERE seq = " + seq,
                "DELETE FROM audit_chain WHERE seq = " + seq);
        try {
            JsonNode report = verification("auditor");
            assertThat(report.get("firstBreak").get("problem").asString()).as(report.toString()).isEqualTo("SEQ_GAP");
            assertThat(report.get("firstBreak").get("seq").asLong()).isEqualTo(seq);
        } finally {
            superuser("INSERT INTO audit_chain SELECT * FROM saved_link", "DROP TABLE saved_link");
        }
        assertThat(verification("auditor").get("intact").asBoolean()).isTrue();
    }

    @Test
    void checkpointsVerifyWithJoseAndForgedOnesAreReported() throws Exception {
        Map<String, Object> latest = database.sql("SELECT seq, hash, jws FROM audit_checkpoint ORDER BY seq DESC LIMIT 1").query().singleRow();
        String jws = (String) latest.get("jws");
        JsonNode payload = AgencyRest.JSON.readTree(JWSObject.parse(jws).getPayload().toBytes());
        assertThat(payload.get("seq").asLong()).isEqualTo(((Number) latest.get("seq")).longValue());
        assertThat(payload.get("hash").asString()).isEqualTo(latest.get("hash"));
        assertThat(payload.get("gateway").asString()).isEqualTo("casebridge/node-1");
        GatewayKeys keys = GatewayKeys.of(null, gateway.baseUrl());
        Verdict genuine = keys.verifyJson(signed(payload, jws), "checkpoint");
        assertThat(genuine.valid()).as(genuine.toString()).isTrue();

        // Signed by a key of the same kid that is not the gateway's: jose refuses it, and so does the verifier.
        long seq = database.sql("SELECT min(c.seq) FROM audit_chain c WHERE c.seq > 1 AND NOT EXISTS "
                + "(SELECT 1 FROM audit_checkpoint k WHERE k.seq = c.seq)").query(Long.class).single();
        String linkHash = database.sql("SELECT hash FROM audit_chain WHERE seq = ?").param(seq).query(String.class).single();
        ObjectNode forgedPayload = ((ObjectNode) payload.deepCopy()).put("seq", seq).put("hash", linkHash);
        String kid = JWSObject.parse(jws).getHeader().getKeyID();
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        JWSObject forged = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
                .type(new JOSEObjectType("casebridge-checkpoint+json")).build(),
                new Payload(org.casebridge.contracts.codec.CanonicalJson.bytes(forgedPayload)));
        forged.sign(new ECDSASigner(stranger));
        assertThat(keys.verifyJson(signed(forgedPayload, forged.serialize()), "checkpoint").valid()).isFalse();
        checkForged(seq, linkHash, forged.serialize(), "CHECKPOINT_SIGNATURE_INVALID");

        // Signed by the gateway's key but over a hash the link does not have.
        String wrong = "a".repeat(64);
        String misplaced = gateway.context().getBean(ChainSignatures.class)
                .sign(CheckpointPayload.canonical("casebridge/node-1", wrong, seq, Instant.now()));
        checkForged(seq, wrong, misplaced, "CHECKPOINT_HASH_MISMATCH");
    }

    private void checkForged(long seq, String hash, String jws, String problem) throws Exception {
        database.sql("INSERT INTO audit_checkpoint (seq, hash, signed_at, jws) VALUES (?, ?, now(), ?)").params(seq, hash, jws).update();
        try {
            JsonNode report = verification("auditor");
            assertThat(report.get("firstBreak").get("problem").asString()).as(report.toString()).isEqualTo(problem);
            assertThat(report.get("firstBreak").get("seq").asLong()).isEqualTo(seq);
        } finally {
            superuser("DELETE FROM audit_checkpoint WHERE seq = " + seq);
        }
        assertThat(verification("auditor").get("intact").asBoolean()).isTrue();
    }

    private static String signed(JsonNode payload, String jws) {
        ObjectNode document = AgencyRest.JSON.createObjectNode();
        document.set("checkpoint", payload);
        document.put("jws", jws);
        return document.toString();
    }

    private static void assertBreak(JsonNode report, long seq, long entryId, String problem) {
        assertThat(report.get("intact").asBoolean()).as(report.toString()).isFalse();
        JsonNode first = report.get("firstBreak");
        assertThat(first.get("problem").asString()).as(report.toString()).isEqualTo(problem);
        assertThat(first.get("seq").asLong()).isEqualTo(seq);
        assertThat(first.get("entryId").asLong()).isEqualTo(entryId);
    }

    private long seqOf(long entryId) {
        return database.sql("SELECT seq FROM audit_chain WHERE entry_id = ?").param(entryId).query(Long.class).single();
    }

    private JsonNode details(String sql, String param) {
        return AgencyRest.JSON.readTree(database.sql(sql).param(param).query(String.class).single());
    }

    /** As a database superuser who switches the triggers off for the session, not as the application. */
    private void superuser(String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private AuditCommandProcess command() throws Exception {
        return AuditCommandProcess.run(work, "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--casebridge.data-dir=" + work.resolve("data"), "--casebridge.signing.password=test-keystore");
    }

    private void awaitAllSealedAndCheckpointed() {
        await().atMost(Duration.ofSeconds(20)).until(() -> database.sql("""
                SELECT (SELECT count(*) FROM audit_entry e WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_id = e.entry_id)) = 0
                   AND (SELECT max(seq) FROM audit_checkpoint) = (SELECT max(seq) FROM audit_chain)""").query(Boolean.class).single());
    }

    private JsonNode verification(String person) throws Exception {
        HttpResponse<String> response = call(person, "/api/v1/admin/audit/verification");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AgencyRest.JSON.readTree(response.body());
    }

    private HttpResponse<String> call(String caller, String path) throws Exception {
        String token = caller.contains("-") ? new AgencyRest(caller, gateway.baseUrl()).token()
                : KeycloakServer.shared().passwordToken(caller, caller);
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
