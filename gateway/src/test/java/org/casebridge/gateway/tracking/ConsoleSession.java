package org.casebridge.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.casebridge.gateway.support.RunningGateway;

/**
 * A person signed in to the console through the realm's own login page (OpenID Connect,
 * authorization code flow), driven over HTTP as a browser would be, redirect by redirect.
 */
final class ConsoleSession {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient browser;
    private final String baseUrl;
    /** The page the person landed on after signing in. */
    final HttpResponse<String> landed;

    private ConsoleSession(HttpClient browser, String baseUrl, HttpResponse<String> landed) {
        this.browser = browser;
        this.baseUrl = baseUrl;
        this.landed = landed;
    }

    static ConsoleSession signIn(RunningGateway gateway, String username, String password) throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> landed = followRedirects(browser, submitLogin(browser, gateway, username, password));
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
        return new ConsoleSession(browser, gateway.baseUrl(), landed);
    }

    /** A console page (path and query, already encoded), redirects followed. */
    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return followRedirects(browser, browser.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> submitLogin(HttpClient browser, RunningGateway gateway, String username, String password)
            throws Exception {
        HttpResponse<String> response = followRedirects(browser, browser.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/console")).build(), HttpResponse.BodyHandlers.ofString()));
        Matcher form = FORM_ACTION.matcher(response.body());
        assertThat(form.find()).as("the realm's login form, at " + response.uri() + " (" + response.statusCode() + "): "
                + response.body().substring(0, Math.min(1500, response.body().length()))).isTrue();
        String action = form.group(1).replace("&amp;", "&");
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        return browser.send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new LoopbackCookies()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> followRedirects(HttpClient browser, HttpResponse<String> response) throws Exception {
        while (response.statusCode() / 100 == 3) {
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            response = browser.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        return response;
    }

    /**
     * Browsers treat 127.0.0.1 as a secure context and send Secure cookies to it over plain HTTP;
     * java.net's cookie manager does not, so the Secure attribute is dropped on the way in.
     */
    private static final class LoopbackCookies extends CookieHandler {
        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
            return cookies.get(uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            Map<String, List<String>> relaxed = new HashMap<>();
            headers.forEach((name, values) -> relaxed.put(name, name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure", "")).toList() : values));
            cookies.put(uri, relaxed);
        }
    }
}
