package org.casebridge.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;
import org.casebridge.gateway.support.ConsoleHttp;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.CasebridgeRealm;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every absolute URL the gateway writes comes from casebridge.public-url, whatever Host or
 * X-Forwarded headers a client sends; the console's session cookie is SameSite=Lax; and the realm
 * sends people back only to this gateway's own sign-in address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicUrlTest {

    private static final String EVIL = "evil.example";
    /** Each way a client can name a host of its choosing. */
    private static final List<String> SPOOFS = List.of("Host: " + EVIL, "Host: " + EVIL + ":8443",
            "X-Forwarded-Host: " + EVIL + "\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\nForwarded: host=" + EVIL + ";proto=https");

    private RunningGateway gateway;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory("public-url");
        gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate"));
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void theConsoleSendsPeopleToTheRealmAndBackByTheConfiguredUrl() throws Exception {
        for (String spoof : SPOOFS) {
            Raw console = raw("/console", spoof);
            assertThat(console.status()).as(spoof).isEqualTo(302);
            assertThat(console.header("Location")).as(spoof).isEqualTo(gateway.baseUrl() + "/oauth2/authorization/keycloak");

            Raw authorization = raw("/oauth2/authorization/keycloak", spoof);
            assertThat(authorization.status()).as(spoof).isEqualTo(302);
            String location = authorization.header("Location");
            assertThat(location).as(spoof).startsWith(KeycloakServer.shared().issuerUri() + "/protocol/openid-connect/auth?")
                    .contains("redirect_uri=" + gateway.baseUrl() + "/login/oauth2/code/keycloak&")
                    .doesNotContain(EVIL);
            // The session that holds the sign-in's state: HttpOnly, and SameSite=Lax so that the
            // realm's top-level redirect back (a GET from another site) still carries it.
            String cookie = authorization.header("Set-Cookie");
            assertThat(cookie).as(spoof).startsWith("JSESSIONID=");
            assertThat(cookie.toLowerCase(Locale.ROOT)).as(cookie).contains("samesite=lax", "httponly");
        }
    }

    @Test
    void afterSignInThePageAskedForIsReachedByItsPathNotByTheHostItWasAskedWith() throws Exception {
        Raw asked = raw("/console/handoffs?lang=en", "Host: " + EVIL);
        assertThat(asked.status()).isEqualTo(302);
        String session = asked.header("Set-Cookie").replaceFirst(";.*", "").replaceFirst("^JSESSIONID=", "");
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpCookie cookie = new HttpCookie("JSESSIONID", session);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(gateway.baseUrl()), cookie);
        HttpClient client = HttpClient.newBuilder().cookieHandler(new ConsoleHttp.LoopbackCookies(cookies)).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/oauth2/authorization/keycloak")).build(),
                HttpResponse.BodyHandlers.ofString());
        while (page.statusCode() / 100 == 3) {
            page = client.send(HttpRequest.newBuilder(page.uri().resolve(page.headers().firstValue("Location").orElseThrow())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        Matcher form = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(page.body());
        assertThat(form.find()).as(page.body()).isTrue();
        HttpResponse<String> back = client.send(HttpRequest.newBuilder(URI.create(form.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=liaison&password=liaison&credentialId=")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(gateway.baseUrl() + "/login/oauth2/code/keycloak?");
        HttpResponse<String> landed = client.send(HttpRequest.newBuilder(URI.create(callback)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
        // The page asked for (Spring adds "continue" to the query), at this gateway.
        assertThat(landed.headers().firstValue("Location").orElseThrow()).startsWith(gateway.baseUrl() + "/console/handoffs?lang=en")
                .doesNotContain(EVIL);
    }

    @Test
    void theApiDocumentsNameTheConfiguredUrl() throws Exception {
        for (String spoof : SPOOFS) {
            Raw json = raw("/v3/api-docs", spoof);
            assertThat(json.status()).isEqualTo(200);
            JsonNode servers = JsonMapper.builder().build().readTree(json.body()).get("servers");
            assertThat(servers).hasSize(1);
            assertThat(servers.get(0).get("url").stringValue()).as(spoof).isEqualTo(gateway.baseUrl());
            for (String path : List.of("/v3/api-docs.yaml", "/swagger-ui/index.html", "/swagger-ui/casebridge-initializer.js",
                    "/services/gateway/v1?wsdl", "/services/gateway/v1/signed?wsdl", "/services", "/services/")) {
                Raw document = raw(path, spoof);
                assertThat(document.status()).as(path + " " + spoof).isLessThan(400);
                assertThat(document.body() + document.header("Location")).as(path + " " + spoof).doesNotContain(EVIL);
            }
            assertThat(raw("/services/gateway/v1?wsdl", spoof).body())
                    .contains("location=\"" + gateway.baseUrl() + "/services/gateway/v1\"");
            assertThat(raw("/services/gateway/v1/signed?wsdl", spoof).body())
                    .contains("location=\"" + gateway.baseUrl() + "/services/gateway/v1/signed\"");
        }
    }

    @Test
    void theRealmReturnsPeopleOnlyToThisGatewaysOwnSignInAddress() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String own = gateway.baseUrl() + "/login/oauth2/code/keycloak";
        assertThat(authorize(http, own).statusCode()).as("this gateway's own address").isEqualTo(200);
        int otherPort = RunningGateway.freePort();
        for (String foreign : List.of("http://127.0.0.1:" + otherPort + "/login/oauth2/code/keycloak",
                "http://localhost:" + gateway.port() + "/login/oauth2/code/keycloak", "http://" + EVIL + "/login/oauth2/code/keycloak",
                "http://127.0.0.1/login/oauth2/code/keycloak", gateway.baseUrl() + "/console", own + "/../../elsewhere",
                "http://localhost:8081/login/oauth2/code/keycloak")) {
            HttpResponse<String> refused = authorize(http, foreign);
            assertThat(refused.statusCode()).as(foreign).isEqualTo(400);
            assertThat(refused.body()).as(foreign).contains("redirect_uri");
        }
    }

    private static HttpResponse<String> authorize(HttpClient http, String redirectUri) throws Exception {
        String url = KeycloakServer.shared().issuerUri() + "/protocol/openid-connect/auth?response_type=code&scope=openid&state=s"
                + "&client_id=" + CasebridgeRealm.CONSOLE_CLIENT_ID + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    record Raw(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return "";
        }
    }

    /** A GET written byte by byte, since java.net.http will not send a Host header of the caller's choosing. */
    private Raw raw(String path, String headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(30_000);
            String hostless = headers.startsWith("Host:") ? headers : "Host: 127.0.0.1:" + gateway.port() + "\r\n" + headers;
            OutputStream out = socket.getOutputStream();
            // HTTP/1.0: the answer ends with the connection, never chunked.
            out.write(("GET " + path + " HTTP/1.0\r\n" + hostless + "\r\nAccept: text/html, */*\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String head = response.substring(0, split);
            return new Raw(Integer.parseInt(head.substring(9, 12)), head, response.substring(split + 4));
        }
    }
}
