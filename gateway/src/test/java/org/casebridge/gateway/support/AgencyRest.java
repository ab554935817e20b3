package org.casebridge.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.casebridge.testkit.keycloak.CasebridgeRealm;
import org.casebridge.testkit.keycloak.KeycloakServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An agency system talking REST to the gateway, with real tokens from the realm. */
public final class AgencyRest {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String agencyId;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    public AgencyRest(String agencyId, String baseUrl) {
        this.agencyId = agencyId;
        this.baseUrl = baseUrl;
    }

    public String agencyId() {
        return agencyId;
    }

    public Response submit(String messageJson) {
        return send(request("/api/v1/messages").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(messageJson, StandardCharsets.UTF_8)));
    }

    public Response submit(JsonNode message) {
        return submit(JSON.writeValueAsString(message));
    }

    /** Uploads a file by stream with its RFC 9530 digest. */
    public Response upload(Path file, String mediaType) throws IOException {
        return send(request("/api/v1/attachments")
                .header("Content-Type", mediaType)
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(sha256(file)) + ":")
                .POST(HttpRequest.BodyPublishers.ofFile(file)));
    }

    public Response inbox() {
        return send(request("/api/v1/inbox?max=50").GET());
    }

    public Response acknowledge(String dispatchId) {
        return send(request("/api/v1/inbox/" + dispatchId + "/ack").POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response get(String path, String accept) {
        return send(request(path).header("Accept", accept).GET());
    }

    public HttpResponse<InputStream> download(String sha256) {
        try {
            return http.send(request("/api/v1/attachments/" + sha256).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token());
    }

    public synchronized String token() {
        if (Instant.now().isAfter(tokenExpiry)) {
            CasebridgeRealm.Agency agency = CasebridgeRealm.agency(agencyId);
            token = KeycloakServer.shared().clientToken(agency.clientId(), agency.secret());
            tokenExpiry = Instant.now().plusSeconds(120);
        }
        return token;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int read;
            while ((read = in.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
            }
            return digest.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(Path file) throws IOException {
        return HexFormat.of().formatHex(sha256(file));
    }

    /** An HTTP answer. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
