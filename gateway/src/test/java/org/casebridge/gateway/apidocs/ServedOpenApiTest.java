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
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.casebridge.testkit.verify.OpenApiValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v3/api-docs}, exactly as a running gateway serves it, is a valid OpenAPI 3.1 document by the official
 * schema (checked by an npm validator the project did not write), and every URL in it follows the configuration.
 */
class ServedOpenApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void theServedDocumentIsValidOpenApi31AndNamesTheConfiguredGatewayAndIssuer() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr", "hohhot-psb"))) {
            HttpResponse<String> served = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v3/api-docs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(served.statusCode()).isEqualTo(200);

            OpenApiValidator.validate(served.body().getBytes(StandardCharsets.UTF_8)).requireValid();

            JsonNode document = JSON.readTree(served.body());
            // The test realm listens on a free port, never the file's 127.0.0.1:8180: the issuer differs.
            String issuer = KeycloakServer.shared().issuerUri();
            assertThat(issuer).doesNotContain(":8180/");
            assertThat(document.at("/components/securitySchemes/agencyClient/flows/clientCredentials/tokenUrl").asString())
                    .isEqualTo(issuer + "/protocol/openid-connect/token");
            assertThat(document.at("/servers/0/url").asString()).isEqualTo(gateway.baseUrl());
            assertThat(document.get("servers")).hasSize(1);
            // Every other absolute URL is one of these two, or the JSON Schema dialect's name.
            assertThat(urls(document)).allSatisfy(url -> assertThat(url.startsWith(gateway.baseUrl())
                    || url.startsWith(issuer + "/") || url.startsWith("https://json-schema.org/")).as(url).isTrue());
        }
    }

    /** The validator is not a rubber stamp: the stray property the calculator's parameter once had is refused. */
    @Test
    void theValidatorRefusesAStrayParameterProperty() {
        ObjectNode document = OpenApiBundle.load();
        OpenApiValidator.validate(JSON.writeValueAsBytes(document)).requireValid();
        ((ObjectNode) document.at("/paths/~1api~1v1~1deadlines~1calculate/get/parameters/4")).putNull("once per approval");
        OpenApiValidator.validate(JSON.writeValueAsBytes(document)).requireInvalid();
    }

    /**
     * An unquoted comma in a flow-style YAML description splits it into a key with no value. Inside a schema that is
     * an unknown keyword, which OpenAPI allows, so the validator cannot see it: no key of the contract is empty.
     */
    @Test
    void noKeyOfTheContractIsEmpty() {
        List<String> empty = new ArrayList<>();
        collectNulls(OpenApiBundle.load(), "", empty);
        assertThat(empty).isEmpty();
    }

    private static void collectNulls(JsonNode node, String pointer, List<String> found) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String child = pointer + "/" + e.getKey();
                if (e.getValue().isNull()) {
                    found.add(child);
                }
                collectNulls(e.getValue(), child, found);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNulls(node.get(i), pointer + "/" + i, found);
            }
        }
    }

    private static List<String> urls(JsonNode node) {
        List<String> urls = new ArrayList<>();
        node.findValues("url").forEach(v -> urls.add(v.asString()));
        for (String text : node.toString().split("\"")) {
            if (text.startsWith("http://") || text.startsWith("https://")) {
                urls.add(text);
            }
        }
        return urls;
    }
}
