package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The calculator over HTTP, as a liaison officer plans with it: due time, warnings, the rule and source applied. */
class DeadlineCalculatorApiTest {

    @TempDir
    Path work;

    @Test
    void answersWhenAClockIsDueAndWhy() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr", "hohhot-psb"))) {
            String liaison = KeycloakServer.shared().passwordToken("liaison", "liaison");
            HttpClient http = HttpClient.newHttpClient();

            // The police decide within 3 days of their receipt; from 2026-09-30 that is 10-03, a day off in the
            // National Day holiday, so the deadline rolls forward to the end of 2026-10-08.
            HttpResponse<String> response = get(http, gateway, liaison,
                    "/api/v1/deadlines/calculate?profile=cn&clock=police-decision&start=2026-09-30T10:00:00%2B08:00");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode deadline = AgencyRest.JSON.readTree(response.body());
            assertThat(deadline.get("dueDay").asString()).isEqualTo("2026-10-08");
            assertThat(deadline.get("rolledForward").asBoolean()).isTrue();
            assertThat(deadline.get("legalBasis").get("source").asString()).contains("SC 8");
            assertThat(deadline.get("explanation").toString()).contains("2026-10-03", "2026-10-08");
            List<String> levels = new ArrayList<>();
            deadline.get("warnings").forEach(w -> levels.add(w.get("level").asString()));
            assertThat(levels).containsExactly("HALF", "WARNING", "DUE", "OVERDUE");

            // The prosecution review runs one month, fifteen days more for a major case, no roll-forward in custody.
            JsonNode extended = AgencyRest.JSON.readTree(get(http, gateway, liaison,
                    "/api/v1/deadlines/calculate?profile=cn&clock=prosecution-review&start=2026-03-02T09:00:00%2B08:00"
                            + "&custody=true&extension=major-complex").body());
            assertThat(extended.get("dueDay").asString()).isEqualTo("2026-04-17");
            assertThat(extended.get("flags").toString()).contains("EXTENDED");

            // A deadline in a year whose official calendar is not loaded is flagged, never guessed.
            JsonNode beyond = AgencyRest.JSON.readTree(get(http, gateway, liaison,
                    "/api/v1/deadlines/calculate?profile=cn&clock=police-decision&start=2026-12-30T10:00:00%2B08:00").body());
            assertThat(beyond.get("flags").toString()).contains("BEYOND_CALENDAR");

            assertThat(get(http, gateway, liaison, "/api/v1/deadlines/calculate?profile=cn&clock=no-such&start=2026-09-30T10:00:00Z")
                    .statusCode()).isEqualTo(404);
            assertThat(get(http, gateway, liaison, "/api/v1/deadlines/calculate?profile=cn&clock=police-decision&start=tomorrow")
                    .statusCode()).isEqualTo(400);
            assertThat(get(http, gateway, null, "/api/v1/deadlines/profiles").statusCode()).isEqualTo(401);
            JsonNode profiles = AgencyRest.JSON.readTree(get(http, gateway, liaison, "/api/v1/deadlines/profiles").body());
            assertThat(profiles.get("profiles").findValuesAsString("profile")).contains("cn", "eu-eio");
        }
    }

    private static HttpResponse<String> get(HttpClient http, RunningGateway gateway, String token, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
