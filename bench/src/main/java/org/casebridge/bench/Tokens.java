package org.casebridge.bench;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Access tokens of the agency systems, by client credentials (client id = agency id, secret
 * {@code <agency id>-secret} in the demo realm): fetched once, then refreshed in the background
 * when 60 % of their lifetime has passed, so no request of the load ever waits for Keycloak.
 */
final class Tokens implements AutoCloseable {

    /** The current token of one agency, with its Authorization header line pre-encoded. */
    static final class Token {
        final String agency;
        private volatile byte[] authorizationLine;
        private volatile String accessToken;

        Token(String agency) {
            this.agency = agency;
        }

        byte[] authorizationLine() {
            return authorizationLine;
        }

        String accessToken() {
            return accessToken;
        }

        void set(String token) {
            this.accessToken = token;
            this.authorizationLine = ("Authorization: Bearer " + token + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "token-refresh");
        t.setDaemon(true);
        return t;
    });
    volatile int refreshes;
    volatile String lastRefreshError;

    Tokens(String keycloakBase) {
        this.endpoint = URI.create(keycloakBase.replaceAll("/+$", "") + "/realms/casebridge/protocol/openid-connect/token");
    }

    Token of(String agency) {
        return tokens.computeIfAbsent(agency, id -> {
            Token token = new Token(id);
            long lifetime = fetch(token);
            schedule(token, lifetime);
            return token;
        });
    }

    private void schedule(Token token, long lifetimeSeconds) {
        long delayMillis = Math.max(1000, (long) (lifetimeSeconds * 600));
        refresher.schedule(() -> {
            long next;
            try {
                next = fetch(token);
                refreshes++;
            } catch (RuntimeException e) {
                lastRefreshError = e.getMessage();
                next = 10; // try again soon; the old token is still good for a while
            }
            schedule(token, next);
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** @return the token's lifetime in seconds */
    private long fetch(Token token) {
        String form = "grant_type=client_credentials&client_id=" + enc(token.agency) + "&client_secret=" + enc(token.agency + "-secret");
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + token.agency + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            Map<String, Object> json = JSONObjectUtils.parse(response.body());
            token.set((String) json.get("access_token"));
            Object expires = json.get("expires_in");
            return expires instanceof Number n ? n.longValue() : 300;
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("cannot get a token for " + token.agency + " from " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        http.close();
    }
}
