package org.casebridge.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.CasebridgeRealm;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Role x endpoint x own or other agency's case, with real tokens from the realm. "Own" is a
 * transfer from the Hohhot regulator to the Hohhot police, copied to the Hohhot procuratorate;
 * "other" is a transfer between Baotou agencies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {

    private static final String OWN_HANDOFF = "hohhot-amr-h-matrix-own";
    private static final String OWN_MESSAGE = "hohhot-amr-m-matrix-own";
    private static final String OTHER_HANDOFF = "baotou-tax-h-matrix-other";
    private static final String OTHER_MESSAGE = "baotou-tax-m-matrix-other";

    /** Who calls: agency systems by client credentials, people by password through the console client. */
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path work;
    private RunningGateway gateway;
    private String ownSha;
    private String otherSha;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("access-matrix");
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-tax", "baotou-psb",
                "baotou-procuratorate");
        gateway = RunningGateway.start(work.resolve("data"), agencies);
        KeycloakServer keycloak = KeycloakServer.shared();
        for (String agency : List.of("hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-tax", "baotou-psb")) {
            CasebridgeRealm.Agency client = CasebridgeRealm.agency(agency);
            tokens.put(agency, keycloak.clientToken(client.clientId(), client.secret()));
        }
        for (String person : List.of("liaison", "prosecutor", "auditor", "operator")) {
            tokens.put(person, keycloak.passwordToken(person, person));
        }
        ownSha = submitWithAttachment("hohhot-amr", "hohhot-psb", "hohhot-procuratorate", OWN_HANDOFF, OWN_MESSAGE, "own.pdf");
        otherSha = submitWithAttachment("baotou-tax", "baotou-psb", "baotou-procuratorate", OTHER_HANDOFF, OTHER_MESSAGE, "other.pdf");
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    static final List<String> OWN_READERS = List.of("hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "liaison", "prosecutor", "auditor");
    static final List<String> OTHER_READERS = List.of("baotou-tax", "baotou-psb", "auditor");
    static final List<String> EVERYONE = List.of("hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-tax", "baotou-psb",
            "liaison", "prosecutor", "auditor", "operator");
    static final List<String> PEOPLE = List.of("liaison", "prosecutor", "auditor", "operator");
    /** People who never act for an agency; liaison officers and prosecutors act for their own. */
    static final List<String> NEVER_ACTING = List.of("auditor", "operator");

    Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (String caller : EVERYONE) {
            rows.add(row(caller, "GET", "/api/v1/handoffs/" + OWN_HANDOFF, OWN_READERS.contains(caller) ? 200 : 404));
            rows.add(row(caller, "GET", "/api/v1/handoffs/" + OTHER_HANDOFF, OTHER_READERS.contains(caller) ? 200 : 404));
            rows.add(row(caller, "GET", "/api/v1/messages/" + OWN_MESSAGE, OWN_READERS.contains(caller) ? 200 : 404));
            rows.add(row(caller, "GET", "/api/v1/messages/" + OTHER_MESSAGE, OTHER_READERS.contains(caller) ? 200 : 404));
            rows.add(row(caller, "GET", "/api/v1/messages/" + OWN_MESSAGE + "/receipts", OWN_READERS.contains(caller) ? 200 : 404));
            rows.add(row(caller, "GET", "/api/v1/attachments/" + ownSha, OWN_READERS.contains(caller) ? 200 : 404));
            rows.add(row(caller, "GET", "/api/v1/attachments/" + otherSha, OTHER_READERS.contains(caller) ? 200 : 404));
            rows.add(row(caller, "GET", "/api/v1/handoffs", caller.equals("operator") ? 403 : 200));
            rows.add(row(caller, "GET", "/api/v1/inbox", PEOPLE.contains(caller) ? 403 : 200));
            rows.add(row(caller, "POST", "/api/v1/inbox/00000000-0000-0000-0000-000000000000/ack", NEVER_ACTING.contains(caller) ? 403 : 404));
            rows.add(row(caller, "GET", "/api/v1/admin/agencies", caller.equals("operator") ? 200 : 403));
            rows.add(row(caller, "GET", "/api/v1/admin/dispatches", caller.equals("operator") ? 200 : 403));
        }
        return rows.stream();
    }

    private static Arguments row(String caller, String method, String path, int status) {
        return Arguments.of(caller, method, path, status);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("matrix")
    void eachCallerGetsWhatItsRoleAndAgencyAllow(String caller, String method, String path, int expected) throws Exception {
        HttpResponse<String> response = call(caller, method, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    }

    @Test
    void listingsShowOnlyTheCallersCases() throws Exception {
        assertThat(handoffIds("liaison")).containsExactly(OWN_HANDOFF);
        assertThat(handoffIds("prosecutor")).containsExactly(OWN_HANDOFF);
        assertThat(handoffIds("baotou-psb")).containsExactly(OTHER_HANDOFF);
        assertThat(handoffIds("auditor")).containsExactlyInAnyOrder(OWN_HANDOFF, OTHER_HANDOFF);
    }

    @Test
    void onlyTheSendersOwnSystemAndPeopleSubmitAndAuditorsAndOperatorsNever() throws Exception {
        String transfer = AgencyRest.JSON.writeValueAsString(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-matrix-x", "hohhot-amr-m-matrix-x")));
        for (String person : NEVER_ACTING) {
            HttpResponse<String> refused = post(person, "/api/v1/messages", transfer);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("FORBIDDEN");
        }
        // The Hohhot prosecutor acts for the procuratorate, not for the regulator that sends transfers.
        HttpResponse<String> prosecutor = post("prosecutor", "/api/v1/messages", transfer);
        assertThat(prosecutor.statusCode()).isEqualTo(403);
        assertThat(prosecutor.body()).contains("SENDER_MISMATCH");
        var foreign = Messages.withoutAttachments(Messages.referral("baotou-tax-h-matrix-y", "baotou-tax-m-matrix-y"));
        ((tools.jackson.databind.node.ObjectNode) foreign.get("sender")).put("agency", "baotou-tax");
        HttpResponse<String> liaison = post("liaison", "/api/v1/messages", AgencyRest.JSON.writeValueAsString(foreign));
        assertThat(liaison.statusCode()).isEqualTo(403);
        assertThat(liaison.body()).contains("SENDER_MISMATCH");
        HttpResponse<String> impostor = post("baotou-tax", "/api/v1/messages", transfer);
        assertThat(impostor.statusCode()).isEqualTo(403);
        assertThat(impostor.body()).contains("SENDER_MISMATCH");
        assertThat(post("auditor", "/api/v1/attachments", "x").statusCode()).isEqualTo(403);
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        assertThat(database.sql("SELECT actor || ' ' || reason FROM audit_event WHERE action = 'SUBMIT' AND target = 'message:baotou-tax-m-matrix-y'")
                .query(String.class).list()).containsExactly("liaison SENDER_MISMATCH");
    }

    @Test
    void everyReadOfACaseAndEveryRefusalIsAudited() throws Exception {
        call("prosecutor", "GET", "/api/v1/messages/" + OWN_MESSAGE);
        call("baotou-psb", "GET", "/api/v1/messages/" + OWN_MESSAGE);
        call("operator", "GET", "/api/v1/messages/" + OWN_MESSAGE);
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        List<String> trail = database.sql("""
                        SELECT actor || ' ' || action || ' ' || outcome || coalesce(' ' || reason, '') FROM audit_event
                        WHERE target = ? ORDER BY seq""")
                .param("message:" + OWN_MESSAGE).query(String.class).list();
        assertThat(trail).contains("prosecutor READ_MESSAGE ALLOWED", "baotou-psb READ_MESSAGE DENIED NOT_FOUND",
                "operator READ_MESSAGE DENIED NOT_FOUND");
        assertThat(database.sql("SELECT count(*) FROM audit_event WHERE actor = 'anonymous' AND reason = 'UNAUTHENTICATED'")
                .query(Integer.class).single()).isZero();
        http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/handoffs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(database.sql("SELECT count(*) FROM audit_event WHERE actor = 'anonymous' AND reason = 'UNAUTHENTICATED'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    private List<String> handoffIds(String caller) throws Exception {
        JsonNode list = AgencyRest.JSON.readTree(call(caller, "GET", "/api/v1/handoffs").body());
        List<String> ids = new ArrayList<>();
        list.get("handoffs").forEach(h -> ids.add(h.get("handoffId").asString()));
        return ids;
    }

    private String submitWithAttachment(String sender, String recipient, String copy, String handoff, String messageId,
            String fileName) throws Exception {
        AgencyRest client = new AgencyRest(sender, gateway.baseUrl());
        Path file = work.resolve(fileName);
        Files.writeString(file, "材料 " + fileName);
        String sha = AgencyRest.sha256Hex(file);
        assertThat(client.upload(file, "application/pdf").status()).isEqualTo(201);
        var message = Messages.withAttachment(Messages.referral(handoff, messageId), fileName, "application/pdf", Files.size(file), sha);
        ((tools.jackson.databind.node.ObjectNode) message.get("sender")).put("agency", sender);
        ((tools.jackson.databind.node.ObjectNode) message.get("recipient")).put("agency", recipient);
        message.putArray("copyTo").addObject().put("agency", copy);
        AgencyRest.Response response = client.submit(message);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return sha;
    }

    private HttpResponse<String> call(String caller, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + tokens.get(caller))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String caller, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + tokens.get(caller))
                .header("Content-Type", path.endsWith("attachments") ? "application/pdf" : "application/json")
                .header("Content-Digest", "sha-256=:" + java.util.Base64.getEncoder().encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(body.getBytes())) + ":")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
