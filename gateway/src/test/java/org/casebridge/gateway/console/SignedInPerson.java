package org.casebridge.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person signed in to the console through the realm's login page (authorization code flow),
 * driven over HTTP as a browser would be: cookies kept, redirects followed one by one, forms posted
 * with the page's CSRF token.
 */
final class SignedInPerson {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new LoopbackCookies())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;

    private SignedInPerson(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Signs in with password = username, as the demo realm's people do. */
    static SignedInPerson signIn(String baseUrl, String username) throws Exception {
        SignedInPerson person = new SignedInPerson(baseUrl);
        HttpResponse<String> login = person.follow(person.http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/console")).build(),
                HttpResponse.BodyHandlers.ofString()));
        Matcher form = LOGIN_FORM.matcher(login.body());
        assertThat(form.find()).as("the realm's login form at " + login.uri()).isTrue();
        String body = "username=" + username + "&password=" + username + "&credentialId=";
        HttpResponse<String> landed = person.follow(person.http.send(HttpRequest.newBuilder(URI.create(form.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(landed.uri().getPath()).as(landed.body()).startsWith("/console");
        return person;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form with the CSRF token of the page it is on; the response is not followed. */
    HttpResponse<String> post(String pagePath, String actionPath, Map<String, String> fields) throws Exception {
        HttpResponse<String> page = get(pagePath);
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as("a CSRF token on " + pagePath + " (" + page.statusCode() + ")").isTrue();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", token.group(1));
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + actionPath))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> follow(HttpResponse<String> response) throws Exception {
        while (response.statusCode() / 100 == 3) {
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            response = http.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.ofString());
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
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws java.io.IOException {
            return cookies.get(uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws java.io.IOException {
            Map<String, List<String>> relaxed = new HashMap<>();
            headers.forEach((name, values) -> relaxed.put(name, name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure", "")).toList() : values));
            cookies.put(uri, relaxed);
        }
    }
}
