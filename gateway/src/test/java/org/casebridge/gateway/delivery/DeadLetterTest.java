package org.casebridge.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.audit.AuditTrail;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.CaseScript;
import org.casebridge.gateway.support.InProcessAgency;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.CasebridgeRealm;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A webhook that answers 500 for one handoff: after max-attempts (3) the dispatch is a dead letter,
 * the handoff's next dispatch is held behind it, another handoff is delivered meanwhile. An
 * operator retries once the endpoint is fixed (both arrive once, in order), or abandons (the held
 * dispatch goes on). Nobody else may do either, and every operator action is audited.
 */
class DeadLetterTest {

    private static final String AMR = "hohhot-amr";
    private static final String PSB = "hohhot-psb";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    /** Handoffs whose dispatches the webhook answers with 500. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Dispatch ids the webhook stored (answered 204), in order. */
    private final List<String> stored = new CopyOnWriteArrayList<>();
    /** Every request that reached the webhook, by dispatch id. */
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private final AtomicReference<JdbcClient> database = new AtomicReference<>();

    @Test
    void deadLetterHoldsItsHandoffUntilAnOperatorRetriesOrAbandons() throws Exception {
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String dispatchId = exchange.getRequestHeaders().getFirst("Casebridge-Dispatch-Id");
            arrived.add(dispatchId);
            String handoff = database.get().sql("SELECT handoff_id FROM dispatch WHERE dispatch_id = ?").param(dispatchId)
                    .query(String.class).single();
            boolean fail = failing.contains(handoff);
            if (!fail) {
                stored.add(dispatchId);
            }
            exchange.sendResponseHeaders(fail ? 500 : 204, -1);
            exchange.close();
        });
        webhook.start();
        Path agencies = TestAgencies.write(work, Map.of(AMR, """
                { mode: PUSH_REST, endpoint: "http://127.0.0.1:%d/hook",
                  retry: { backoff: CONSTANT, first-delay: PT0.2S, max-attempts: 3 } }""".formatted(webhook.getAddress().getPort())),
                AMR, PSB, "hohhot-procuratorate");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
            database.set(gateway.context().getBean(JdbcClient.class));
            AgencyRest amr = new AgencyRest(AMR, gateway.baseUrl());
            InProcessAgency police = new InProcessAgency(gateway.context(), PSB);
            String operator = KeycloakServer.shared().passwordToken("operator", "operator");
            String auditor = KeycloakServer.shared().passwordToken("auditor", "auditor");
            CasebridgeRealm.Agency amrClient = CasebridgeRealm.agency(AMR);
            String agencySystem = KeycloakServer.shared().clientToken(amrClient.clientId(), amrClient.secret());

            // Handoff A fails: the police's delivery receipt of the transfer is tried 3 times, then dead.
            failing.add("hohhot-amr-h-dead-a");
            String a1 = transferTaken("hohhot-amr-h-dead-a", amr, police);
            awaitState(a1, "DEAD_LETTER");
            assertThat(attemptsOf(a1)).containsExactly("FAILED HTTP_STATUS HTTP 500", "FAILED HTTP_STATUS HTTP 500",
                    "FAILED HTTP_STATUS HTTP 500");
            assertThat(arrived).containsExactly(a1, a1, a1);

            // The police's receipt in handoff A comes off the queue behind it: held, not pushed.
            String a2 = reply("hohhot-amr-h-dead-a", "hohhot-psb-m-receipt-h-dead-a", police);
            awaitState(a2, "HELD");

            // Handoff B is delivered meanwhile.
            String b1 = transferTaken("hohhot-amr-h-dead-b", amr, police);
            awaitState(b1, "ACKNOWLEDGED");
            assertThat(stored).containsExactly(b1);
            assertThat(state(a2)).isEqualTo("HELD");

            // Nobody but an operator sees or touches dead letters.
            for (String token : List.of(auditor, agencySystem)) {
                assertThat(call(gateway, token, "GET", "/api/v1/admin/dead-letters", null).statusCode()).isEqualTo(403);
                assertThat(call(gateway, token, "GET", "/api/v1/admin/dispatches/" + a1 + "/attempts", null).statusCode()).isEqualTo(403);
                assertThat(call(gateway, token, "POST", "/api/v1/admin/dead-letters/" + a1 + "/retry", null).statusCode()).isEqualTo(403);
                assertThat(call(gateway, token, "POST", "/api/v1/admin/dead-letters/" + a1 + "/abandon", "{\"reason\":\"x\"}")
                        .statusCode()).isEqualTo(403);
            }
            assertThat(state(a1)).isEqualTo("DEAD_LETTER");

            // The operator's view: the dead letter with its attempts and last error, and each attempt.
            JsonNode deadLetters = json(call(gateway, operator, "GET", "/api/v1/admin/dead-letters", null), 200).get("deadLetters");
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.get(0).get("dispatchId").asString()).isEqualTo(a1);
            assertThat(deadLetters.get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(deadLetters.get(0).get("lastError").asString()).isEqualTo("HTTP 500");
            JsonNode attempts = json(call(gateway, operator, "GET", "/api/v1/admin/dispatches/" + a1 + "/attempts", null), 200);
            assertThat(attempts.get("state").asString()).isEqualTo("DEAD_LETTER");
            assertThat(attempts.get("attempts")).hasSize(3).allSatisfy(attempt -> {
                assertThat(attempt.get("outcome").asString()).isEqualTo("FAILED");
                assertThat(attempt.get("errorKind").asString()).isEqualTo("HTTP_STATUS");
                assertThat(attempt.get("node").asString()).isEqualTo("casebridge/node-1");
            });
            JsonNode held = json(call(gateway, operator, "GET", "/api/v1/admin/dispatches?state=HELD", null), 200).get("dispatches");
            assertThat(held).singleElement().satisfies(d -> assertThat(d.get("dispatchId").asString()).isEqualTo(a2));

            // Wrong state, unknown id, bad input.
            assertProblem(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/" + a2 + "/retry", null), 409, "NOT_A_DEAD_LETTER");
            assertProblem(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/" + b1 + "/abandon", "{\"reason\":\"x\"}"),
                    409, "NOT_A_DEAD_LETTER");
            assertProblem(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/no-such-dispatch/retry", null), 404, "NOT_FOUND");
            assertProblem(call(gateway, operator, "GET", "/api/v1/admin/dispatches/no-such-dispatch/attempts", null), 404, "NOT_FOUND");
            assertProblem(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/" + a1 + "/abandon", null), 400, "CONTRACT_VIOLATION");
            assertProblem(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/" + a1 + "/abandon", "{\"reason\":\"  \"}"),
                    400, "CONTRACT_VIOLATION");
            assertProblem(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/" + a1 + "/abandon", "{reason"), 400,
                    "MALFORMED_REQUEST");
            assertProblem(call(gateway, operator, "GET", "/api/v1/admin/dead-letters?limit=0", null), 400, "CONTRACT_VIOLATION");
            assertThat(state(a1)).isEqualTo("DEAD_LETTER");
            assertThat(state(a2)).isEqualTo("HELD");

            // The endpoint is fixed; the operator retries: the dead letter, then the held receipt, once each, in order.
            failing.remove("hohhot-amr-h-dead-a");
            JsonNode retried = json(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/" + a1 + "/retry", null), 200);
            assertThat(retried.get("state").asString()).isEqualTo("QUEUED");
            assertThat(retried.get("round").asInt()).isEqualTo(1);
            assertThat(retried.get("released")).singleElement().satisfies(r -> assertThat(r.asString()).isEqualTo(a2));
            awaitState(a2, "ACKNOWLEDGED");
            assertThat(state(a1)).isEqualTo("ACKNOWLEDGED");
            assertThat(stored).containsExactly(b1, a1, a2);
            assertThat(attemptsOf(a1)).hasSize(4).last().isEqualTo("DELIVERED null null");
            assertProblem(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/" + a1 + "/retry", null), 409, "NOT_A_DEAD_LETTER");

            // Abandon: handoff C's dead letter is given up on, and the receipt held behind it goes on.
            failing.add("hohhot-amr-h-dead-c");
            String c1 = transferTaken("hohhot-amr-h-dead-c", amr, police);
            awaitState(c1, "DEAD_LETTER");
            String c2 = reply("hohhot-amr-h-dead-c", "hohhot-psb-m-receipt-h-dead-c", police);
            awaitState(c2, "HELD");
            failing.remove("hohhot-amr-h-dead-c");
            JsonNode abandoned = json(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/" + c1 + "/abandon",
                    "{\"reason\": \"收到纸质回执 / receipt confirmed on paper\"}"), 200);
            assertThat(abandoned.get("state").asString()).isEqualTo("ABANDONED");
            assertThat(abandoned.get("released")).singleElement().satisfies(r -> assertThat(r.asString()).isEqualTo(c2));
            awaitState(c2, "ACKNOWLEDGED");
            Thread.sleep(500);
            assertThat(state(c1)).isEqualTo("ABANDONED");
            assertThat(database.get().sql("SELECT abandon_reason || ' by ' || abandoned_by FROM dispatch WHERE dispatch_id = ?").param(c1)
                    .query(String.class).single()).startsWith("收到纸质回执 / receipt confirmed on paper by ");
            assertThat(stored).containsExactly(b1, a1, a2, c2);
            assertProblem(call(gateway, operator, "POST", "/api/v1/admin/dead-letters/" + c1 + "/abandon", "{\"reason\":\"again\"}"),
                    409, "NOT_A_DEAD_LETTER");

            // Every operator action is in the audit trail, the refused ones with their code.
            AuditTrail audit = gateway.context().getBean(AuditTrail.class);
            assertThat(audit.about("dispatch:" + a1, 50)).extracting(e -> e.action() + " " + (e.allowed() ? "ALLOWED" : e.reason()))
                    .contains("RETRY_DEAD_LETTER ALLOWED", "RETRY_DEAD_LETTER NOT_A_DEAD_LETTER", "ADMINISTER FORBIDDEN");
            assertThat(audit.about("dispatch:" + c1, 50)).extracting(e -> e.action() + " " + (e.allowed() ? "ALLOWED" : e.reason()))
                    .contains("ABANDON_DEAD_LETTER ALLOWED", "ABANDON_DEAD_LETTER NOT_A_DEAD_LETTER");
        } finally {
            webhook.stop(0);
        }
    }

    /** The regulator transfers; the police take it: the police's delivery receipt is dispatched to the regulator. */
    private String transferTaken(String handoff, AgencyRest amr, InProcessAgency police) {
        CaseScript script = new CaseScript(handoff, new AdjustableClock());
        AgencyRest.Response submitted = amr.submit(script.transfer(AMR + "-m-transfer-" + handoff, Instant.now().minusSeconds(5)));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> police.drain().stream().anyMatch(t -> t.kind() == DispatchKind.MESSAGE));
        return awaitDispatch("DELIVERY_RECEIPT", AMR + "-m-transfer-" + handoff);
    }

    private String reply(String handoff, String messageId, InProcessAgency police) {
        CaseScript script = new CaseScript(handoff, new AdjustableClock());
        script.send(police, script.reply("receipt", messageId, PSB, AMR, Instant.now().minusSeconds(5)).put("inReplyTo", AMR + "-m-transfer-" + handoff));
        return awaitDispatch("MESSAGE", messageId);
    }

    private String awaitDispatch(String kind, String messageId) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            id[0] = database.get().sql("SELECT dispatch_id FROM dispatch WHERE kind = ? AND message_id = ? AND recipient_agency = ?")
                    .params(kind, messageId, AMR).query(String.class).optional().orElse(null);
            return id[0] != null;
        });
        return id[0];
    }

    private void awaitState(String dispatchId, String expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> state(dispatchId).equals(expected));
    }

    private String state(String dispatchId) {
        return database.get().sql("SELECT state FROM dispatch WHERE dispatch_id = ?").param(dispatchId).query(String.class).single();
    }

    private List<String> attemptsOf(String dispatchId) {
        return database.get().sql("SELECT outcome || ' ' || coalesce(error_kind, 'null') || ' ' || coalesce(error, 'null') "
                + "FROM dispatch_attempt WHERE dispatch_id = ? ORDER BY attempt").param(dispatchId).query(String.class).list();
    }

    private static HttpResponse<String> call(RunningGateway gateway, String token, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return AgencyRest.JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(json(response, status).get("code").asString()).as(response.body()).isEqualTo(code);
    }
}
