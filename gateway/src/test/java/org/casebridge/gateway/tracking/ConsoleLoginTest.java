package org.casebridge.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People sign in through the realm's own login page (OpenID Connect, authorization code flow) and
 * see what their role and agency allow. Driven over HTTP as a browser would be, redirect by redirect.
 */
class ConsoleLoginTest {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    @TempDir
    Path work;

    @Test
    void theDemoLiaisonOfficerSignsInAndSeesHisAgencysHandoffsOnly() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-tax", "baotou-psb",
                "baotou-procuratorate");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
            var own = Messages.withoutAttachments(Messages.referral("h-console-own", "m-console-own"));
            assertThat(new AgencyRest("hohhot-amr", gateway.baseUrl()).submit(own).status()).isEqualTo(201);
            var other = Messages.withoutAttachments(Messages.referral("h-console-other", "m-console-other"));
            ((tools.jackson.databind.node.ObjectNode) other.get("sender")).put("agency", "baotou-tax");
            ((tools.jackson.databind.node.ObjectNode) other.get("recipient")).put("agency", "baotou-psb");
            other.putArray("copyTo").addObject().put("agency", "baotou-procuratorate");
            assertThat(new AgencyRest("baotou-tax", gateway.baseUrl()).submit(other).status()).isEqualTo(201);

            String liaisonPage = signIn(gateway, "liaison", "liaison");
            assertThat(liaisonPage).contains("id=\"subject\">liaison<", "liaison-officer", "hohhot-amr", "h-console-own")
                    .doesNotContain("h-console-other");

            String operatorPage = signIn(gateway, "operator", "operator");
            assertThat(operatorPage).contains("id=\"subject\">operator<", "id=\"no-cases\"").doesNotContain("h-console-own");

            HttpClient browser = browser();
            HttpResponse<String> wrongPassword = submitLogin(browser, gateway, "liaison", "guess");
            assertThat(wrongPassword.statusCode()).isEqualTo(200);
            assertThat(wrongPassword.body()).contains("kc-form-login").doesNotContain("id=\"subject\"");
        }
    }

    /** Follows the whole flow and returns the console page the person lands on. */
    private static String signIn(RunningGateway gateway, String username, String password) throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> landed = submitLogin(browser, gateway, username, password);
        while (landed.statusCode() / 100 == 3) {
            landed = browser.send(HttpRequest.newBuilder(resolve(landed)).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
        assertThat(landed.uri().getPath()).isEqualTo("/console");
        return landed.body();
    }

    private static HttpResponse<String> submitLogin(HttpClient browser, RunningGateway gateway, String username, String password)
            throws Exception {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/console")).build(),
                HttpResponse.BodyHandlers.ofString());
        while (response.statusCode() / 100 == 3) {
            response = browser.send(HttpRequest.newBuilder(resolve(response)).build(), HttpResponse.BodyHandlers.ofString());
        }
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

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new LoopbackCookies()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Browsers treat 127.0.0.1 as a secure context and send Secure cookies to it over plain HTTP;
     * java.net's cookie manager does not, so the Secure attribute is dropped on the way in.
     */
    private static final class LoopbackCookies extends java.net.CookieHandler {
        private final CookieManager cookies = new CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL);

        @Override
        public java.util.Map<String, java.util.List<String>> get(URI uri, java.util.Map<String, java.util.List<String>> headers)
                throws java.io.IOException {
            return cookies.get(uri, headers);
        }

        @Override
        public void put(URI uri, java.util.Map<String, java.util.List<String>> headers) throws java.io.IOException {
            java.util.Map<String, java.util.List<String>> relaxed = new java.util.HashMap<>();
            headers.forEach((name, values) -> relaxed.put(name, name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure", "")).toList() : values));
            cookies.put(uri, relaxed);
        }
    }

    private static URI resolve(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }
}
