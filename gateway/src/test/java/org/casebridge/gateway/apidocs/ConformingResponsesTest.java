package org.casebridge.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every REST answer of a real case (an upload, a transfer with an attachment, its delivery, the police receipt),
 * successes and problems, validates against the schema its operation publishes in the served {@code /v3/api-docs}.
 * Optional fields are absent, never null: a null where the schema says a string fails here.
 */
class ConformingResponsesTest {

    private static final String HANDOFF = "hohhot-amr-h-conform";
    private static final String TRANSFER = "hohhot-amr-m-conform";
    private static final String RECEIPT = "hohhot-psb-m-conform-receipt";

    @TempDir
    Path work;

    private final List<String> violations = new ArrayList<>();
    private ResponseContract contract;

    @Test
    void everyResponseOfACaseMatchesItsPublishedSchema() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate"))) {
            HttpResponse<String> served = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v3/api-docs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            contract = new ResponseContract(AgencyRest.JSON.readTree(served.body()));
            AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
            AgencyRest police = new AgencyRest("hohhot-psb", gateway.baseUrl());

            Path file = work.resolve("现场照片.pdf");
            Files.writeString(file, "现场照片 of the case");
            String sha = AgencyRest.sha256Hex(file);
            expect("POST", "/api/v1/attachments", amr.upload(file, "application/pdf"), 201);
            var transfer = Messages.withAttachment(Messages.referral(HANDOFF, TRANSFER), "现场照片.pdf", "application/pdf", Files.size(file), sha);
            expect("POST", "/api/v1/messages", amr.submit(transfer), 201);

            JsonNode deliveries = await().atMost(Duration.ofSeconds(20)).until(() -> police.inbox().json().get("deliveries"), d -> d.size() == 1);
            expect("GET", "/api/v1/inbox", police.inbox(), 200);
            expect("POST", "/api/v1/inbox/{dispatchId}/ack", police.acknowledge(deliveries.get(0).get("dispatchId").asString()), 200);
            expect("POST", "/api/v1/messages",
                    police.submit(Messages.withoutAttachments(Messages.reply("receipt", HANDOFF, RECEIPT, TRANSFER))), 201);

            for (AgencyRest agency : List.of(amr, police)) {
                expect("GET", "/api/v1/handoffs", agency.get("/api/v1/handoffs"), 200);
                expect("GET", "/api/v1/handoffs/{handoffId}", agency.get("/api/v1/handoffs/" + HANDOFF), 200);
                expect("GET", "/api/v1/handoffs/{handoffId}/clocks", agency.get("/api/v1/handoffs/" + HANDOFF + "/clocks"), 200);
                expect("GET", "/api/v1/messages/{messageId}", agency.get("/api/v1/messages/" + TRANSFER), 200);
                expect("GET", "/api/v1/messages/{messageId}/receipts",
                        agency.get("/api/v1/messages/" + TRANSFER + "/receipts", "application/json"), 200);
                expect("GET", "/api/v1/inbox", agency.inbox(), 200);
            }
            expect("GET", "/api/v1/deadlines/profiles", amr.get("/api/v1/deadlines/profiles"), 200);
            expect("GET", "/api/v1/deadlines/calculate",
                    amr.get("/api/v1/deadlines/calculate?profile=cn&clock=police-decision&start=2026-09-30T10:00:00%2B08:00"), 200);
            expect("GET", "/api/v1/deadlines/calculate",
                    amr.get("/api/v1/deadlines/calculate?profile=cn&clock=police-decision&start=2026-09-30T10:00:00%2B08:00&custody=true"), 200);
            expect("GET", "/.well-known/jwks.json", amr.get("/.well-known/jwks.json"), 200);

            // What an operator sees of the same case.
            String operator = KeycloakServer.shared().passwordToken("operator", "operator");
            String dispatchId = deliveries.get(0).get("dispatchId").asString();
            expect("GET", "/api/v1/admin/agencies", asOperator(gateway, operator, "/api/v1/admin/agencies"), 200);
            expect("GET", "/api/v1/admin/dispatches", asOperator(gateway, operator, "/api/v1/admin/dispatches?state=ACKNOWLEDGED"), 200);
            expect("GET", "/api/v1/admin/dispatches", asOperator(gateway, operator, "/api/v1/admin/dispatches?state=QUEUED"), 200);
            expect("GET", "/api/v1/admin/dispatches/{dispatchId}/attempts",
                    asOperator(gateway, operator, "/api/v1/admin/dispatches/" + dispatchId + "/attempts"), 200);
            expect("GET", "/api/v1/admin/dead-letters", asOperator(gateway, operator, "/api/v1/admin/dead-letters"), 200);
            expect("GET", "/api/v1/admin/audit/verification", asOperator(gateway, operator, "/api/v1/admin/audit/verification"), 200);
            expect("GET", "/api/v1/admin/agencies", amr.get("/api/v1/admin/agencies"), 403);

            // Problems.
            expect("GET", "/api/v1/deadlines/calculate", amr.get("/api/v1/deadlines/calculate?profile=cn&clock=police-decision&start=yesterday"), 400);
            AgencyRest.Response missing = amr.get("/api/v1/deadlines/calculate?profile=cn&clock=police-decision");
            expect("GET", "/api/v1/deadlines/calculate", missing, 400);
            assertThat(missing.json().get("code").asString()).isEqualTo("CONTRACT_VIOLATION");
            assertThat(missing.json().get("field").asString()).isEqualTo("start");
            expect("GET", "/api/v1/deadlines/calculate",
                    amr.get("/api/v1/deadlines/calculate?profile=cn&clock=no-such-clock&start=2026-09-30T10:00:00%2B08:00"), 404);
            expect("GET", "/api/v1/handoffs/{handoffId}", amr.get("/api/v1/handoffs/hohhot-amr-h-none"), 404);
            expect("GET", "/api/v1/handoffs/{handoffId}/clocks", amr.get("/api/v1/handoffs/hohhot-amr-h-none/clocks"), 404);
            expect("GET", "/api/v1/messages/{messageId}", amr.get("/api/v1/messages/hohhot-amr-m-none"), 404);
            expect("GET", "/api/v1/messages/{messageId}/receipts", amr.get("/api/v1/messages/hohhot-amr-m-none/receipts"), 404);
            expect("GET", "/api/v1/handoffs", amr.get("/api/v1/handoffs?limit=-1"), 400);
            expect("GET", "/api/v1/inbox", amr.get("/api/v1/inbox?max=0"), 400);
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/handoffs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            expect("GET", "/api/v1/handoffs", new AgencyRest.Response(anonymous.statusCode(), anonymous.body(), anonymous), 401);
        }
        assertThat(violations).isEmpty();
    }

    private static AgencyRest.Response asOperator(RunningGateway gateway, String token, String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new AgencyRest.Response(answer.statusCode(), answer.body(), answer);
    }

    private void expect(String method, String template, AgencyRest.Response response, int status) {
        assertThat(response.status()).as(method + " " + template + ": " + response).isEqualTo(status);
        violations.addAll(contract.violations(method, template, status, response.header("Content-Type"), response.body()));
    }
}
