package org.casebridge.gateway.support;

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
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A person signed in to the console over plain HTTP: the realm's login form submitted as a
 * browser would, redirect by redirect, then the session's cookies on every request. For tests
 * that need exact control of the bytes (event streams), where a real browser would hide them.
 */
public final class ConsoleHttp {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new LoopbackCookies(new CookieManager(null, CookiePolicy.ACCEPT_ALL)))
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private HttpResponse<String> landed;

    private ConsoleHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Signs in through the realm's login form; fails the test unless the person lands in the console. */
    public static ConsoleHttp signIn(String baseUrl, String username, String password) throws Exception {
        ConsoleHttp session = new ConsoleHttp(baseUrl);
        HttpResponse<String> landed = session.submitLogin(username, password);
        assertThat(landed.uri().toString()).as("signed in as " + username + ": " + landed.body()).startsWith(baseUrl + "/console");
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
        session.landed = landed;
        return session;
    }

    /** Submits the login form as given, without judging the outcome: where the browser ends up. */
    public static HttpResponse<String> attemptSignIn(String baseUrl, String username, String password) throws Exception {
        return new ConsoleHttp(baseUrl).submitLogin(username, password);
    }

    private HttpResponse<String> submitLogin(String username, String password) throws Exception {
        HttpResponse<String> page = follow(client.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/console")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString()));
        Matcher form = FORM_ACTION.matcher(page.body());
        assertThat(form.find()).as("the realm's login form at " + page.uri() + " (" + page.statusCode() + ")").isTrue();
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        return follow(client.send(HttpRequest.newBuilder(URI.create(form.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** The page the person landed on after signing in. */
    public HttpResponse<String> landed() {
        return landed;
    }

    /** A console path (query already encoded), redirects followed as a browser would. */
    public HttpResponse<String> get(String path) throws Exception {
        return follow(client.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    /** Posts a form with the CSRF token of the page it is on; the response is not followed. */
    public HttpResponse<String> post(String pagePath, String actionPath, Map<String, String> fields) throws Exception {
        HttpResponse<String> page = get(pagePath);
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as("a CSRF token on " + pagePath + " (" + page.statusCode() + ")").isTrue();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", token.group(1));
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl + actionPath))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Opens a server-sent event stream; events are read on a thread of their own until closed. */
    public EventStream events(String path) throws Exception {
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        return new EventStream(response);
    }

    /** Follows redirects from a response, as a browser would. */
    public HttpResponse<String> follow(HttpResponse<String> response) throws Exception {
        while (response.statusCode() / 100 == 3) {
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            response = client.send(HttpRequest.newBuilder(next).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        return response;
    }

    public record Event(String name, String data) {
    }

    /** One open stream of server-sent events, parsed as an EventSource would. */
    public static final class EventStream implements AutoCloseable {
        private final HttpResponse<Stream<String>> response;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final Thread reader;

        EventStream(HttpResponse<Stream<String>> response) {
            this.response = response;
            this.reader = Thread.ofVirtual().start(this::read);
        }

        public int status() {
            return response.statusCode();
        }

        public String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        /** The next event (comments skipped), or null if none came in time. */
        public Event next(Duration within) throws InterruptedException {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void read() {
            String name = "message";
            StringBuilder data = new StringBuilder();
            try (Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(name, data.toString()));
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        if (!data.isEmpty()) {
                            data.append('\n');
                        }
                        data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                    }
                }
            } catch (RuntimeException e) {
                // closed
            }
        }

        @Override
        public void close() {
            reader.interrupt();
            response.body().close();
        }
    }

    /** Browsers send Secure cookies to 127.0.0.1 over HTTP; java.net does not, so Secure is dropped. */
    public static final class LoopbackCookies extends CookieHandler {
        private final CookieManager cookies;

        public LoopbackCookies(CookieManager cookies) {
            this.cookies = cookies;
        }

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
