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
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A person signed in to the console over plain HTTP: the realm's login form submitted as a
 * browser would, redirect by redirect, then the session's cookies on every request. For tests
 * that need exact control of the bytes (event streams), where a real browser would hide them.
 */
public final class ConsoleHttp {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new LoopbackCookies())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    private ConsoleHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static ConsoleHttp signIn(String baseUrl, String username, String password) throws Exception {
        ConsoleHttp session = new ConsoleHttp(baseUrl);
        HttpResponse<String> page = session.follow(session.client.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/console")).build(), HttpResponse.BodyHandlers.ofString()));
        Matcher form = FORM_ACTION.matcher(page.body());
        assertThat(form.find()).as("the realm's login form at " + page.uri()).isTrue();
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> landed = session.follow(session.client.send(HttpRequest.newBuilder(URI.create(form.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(landed.uri().toString()).as("signed in as " + username).startsWith(baseUrl + "/console");
        return session;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a server-sent event stream; events are read on a thread of their own until closed. */
    public EventStream events(String path) throws Exception {
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        return new EventStream(response);
    }

    private HttpResponse<String> follow(HttpResponse<String> response) throws Exception {
        while (response.statusCode() / 100 == 3) {
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            response = client.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.ofString());
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
