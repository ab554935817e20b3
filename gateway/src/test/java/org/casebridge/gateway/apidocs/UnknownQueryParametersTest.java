package org.casebridge.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A query parameter an operation does not define is refused with 400 CONTRACT_VIOLATION naming it, on every GET
 * of the REST API in the served contract (never ignored); an unencoded + in the calculator's start is answered
 * with the encoded form.
 */
class UnknownQueryParametersTest {

    private static final String CALCULATE = "/api/v1/deadlines/calculate?profile=cn&clock=police-decision&start=2026-09-30T10:00:00%2B08:00";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyGetOfTheApiRefusesAParameterItDoesNotDefine() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr", "hohhot-psb"))) {
            JsonNode document = AgencyRest.JSON.readTree(send(gateway, "/v3/api-docs", null).body());
            ResponseContract contract = new ResponseContract(document);
            String agency = new AgencyRest("hohhot-amr", gateway.baseUrl()).token();
            String operator = KeycloakServer.shared().passwordToken("operator", "operator");

            // The calculator: round is no parameter of it; without round the same request is answered.
            assertThat(send(gateway, CALCULATE, agency).statusCode()).isEqualTo(200);
            HttpResponse<String> round = send(gateway, CALCULATE + "&round=3", agency);
            assertRefused(round, "round");
            assertThat(contract.violations("GET", "/api/v1/deadlines/calculate", 400, contentType(round), round.body())).isEmpty();

            List<String> checked = new ArrayList<>();
            for (var path : document.get("paths").properties()) {
                if (!path.getKey().startsWith("/api/") || !path.getValue().has("get")) {
                    continue;
                }
                String url = path.getKey().replace("{handoffId}", "hohhot-amr-h-none").replace("{messageId}", "hohhot-amr-m-none")
                        .replace("{dispatchId}", "1").replace("{sha256}", "0".repeat(64));
                String token = path.getKey().startsWith("/api/v1/admin/") ? operator : agency;
                HttpResponse<String> answer = send(gateway, url + "?bogus=1&limit=5", token);
                assertRefused(answer, "bogus");
                assertThat(contract.violations("GET", path.getKey(), 400, contentType(answer), answer.body())).isEmpty();
                checked.add(path.getKey());
            }
            assertThat(checked).as("every GET of the API").hasSizeGreaterThanOrEqualTo(14);
        }
    }

    @Test
    void anUnencodedPlusInStartIsAnsweredWithTheEncodedForm() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr", "hohhot-psb"))) {
            String agency = new AgencyRest("hohhot-amr", gateway.baseUrl()).token();
            HttpResponse<String> answer = send(gateway, CALCULATE.replace("%2B", "+"), agency);
            assertThat(answer.statusCode()).isEqualTo(400);
            JsonNode problem = AgencyRest.JSON.readTree(answer.body());
            assertThat(problem.get("code").asString()).isEqualTo("CONTRACT_VIOLATION");
            assertThat(problem.get("field").asString()).isEqualTo("start");
            assertThat(problem.get("detail").asString()).contains("%2B").contains("start=2026-09-30T10:00:00%2B08:00");
        }
    }

    private static void assertRefused(HttpResponse<String> answer, String parameter) {
        assertThat(answer.statusCode()).as(answer.uri() + " " + answer.body()).isEqualTo(400);
        JsonNode problem = AgencyRest.JSON.readTree(answer.body());
        assertThat(problem.get("code").asString()).as(answer.body()).isEqualTo("CONTRACT_VIOLATION");
        assertThat(problem.get("field").asString()).as(answer.body()).isEqualTo(parameter);
        assertThat(problem.get("detail").asString()).contains(parameter);
    }

    private static String contentType(HttpResponse<String> answer) {
        return answer.headers().firstValue("Content-Type").orElse(null);
    }

    private HttpResponse<String> send(RunningGateway gateway, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
