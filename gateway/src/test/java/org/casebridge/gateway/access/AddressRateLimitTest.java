package org.casebridge.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.casebridge.gateway.support.ConsoleHttp;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What comes without a caller (no token, a bogus token, an unsigned request to /signed, a
 * console request without a session) is limited per client address, console sessions per
 * person; and a flood of refusals is counted in the audit trail, not written one row each.
 */
class AddressRateLimitTest {

    private static final int BURST = 50;
    private static final int FLOOD = 1200;

    @TempDir
    Path work;

    @Test
    void refusalsAreLimitedPerAddressAndCountedInTheAuditTrail() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies, Map.of(
                "casebridge.rate-limit.address-requests-per-second", "20",
                "casebridge.rate-limit.address-burst", BURST,
                "casebridge.rate-limit.requests-per-second", "1",
                "casebridge.rate-limit.burst", "10",
                "casebridge.audit.refusal-window", "2s"))) {
            int port = gateway.port();

            // A console session is limited as its person.
            ConsoleHttp liaison = ConsoleHttp.signIn(gateway.baseUrl(), "liaison", "liaison");
            List<Integer> pages = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                pages.add(liaison.get("/console").statusCode());
            }
            assertThat(pages).contains(200, 429);
            HttpResponse<String> limitedPage = null;
            for (int i = 0; i < 3 && limitedPage == null; i++) {
                HttpResponse<String> page = liaison.get("/console");
                limitedPage = page.statusCode() == 429 ? page : null;
            }
            assertThat(limitedPage).isNotNull();
            assertThat(limitedPage.headers().firstValue("Retry-After")).isPresent();

            // A flood of bogus tokens from one address: 401s, then 429s.
            List<Integer> statuses = new ArrayList<>();
            String retryAfter = null;
            for (int i = 0; i < FLOOD; i++) {
                String response = exchange("127.0.0.1", port, "GET /api/v1/inbox HTTP/1.1\r\nAuthorization: Bearer bogus-" + i + "\r\n");
                statuses.add(status(response));
                if (retryAfter == null && status(response) == 429) {
                    retryAfter = response;
                }
            }
            assertThat(statuses.subList(0, BURST)).containsOnly(401);
            long refused401 = statuses.stream().filter(s -> s == 401).count();
            long refused429 = statuses.stream().filter(s -> s == 429).count();
            assertThat(refused401 + refused429).isEqualTo(FLOOD);
            assertThat(refused429).isGreaterThan(FLOOD / 2);
            assertThat(retryAfter).contains("Retry-After: ").contains("\"code\":\"RATE_LIMITED\"").contains("application/problem+json");

            // Another address is not limited by the first.
            assertThat(status(exchange("127.0.0.2", port, "GET /api/v1/inbox HTTP/1.1\r\nAuthorization: Bearer bogus\r\n"))).isEqualTo(401);

            // Unsigned requests to /signed and console requests without a session are limited per address too.
            String unsigned = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>";
            List<String> soap = new ArrayList<>();
            for (int i = 0; i < BURST + 20; i++) {
                soap.add(exchange("127.0.0.3", port, "POST /services/gateway/v1/signed HTTP/1.1\r\nContent-Type: text/xml\r\n"
                        + "SOAPAction: \"\"\r\n", unsigned));
            }
            assertThat(soap.subList(0, BURST)).noneMatch(r -> status(r) == 429);
            String soapLimited = soap.get(soap.size() - 1);
            assertThat(status(soapLimited)).isEqualTo(429);
            assertThat(soapLimited).contains("Retry-After: ").contains("<cb:code>RATE_LIMITED</cb:code>");
            List<Integer> anonymousConsole = new ArrayList<>();
            for (int i = 0; i < BURST + 20; i++) {
                anonymousConsole.add(status(exchange("127.0.0.4", port, "GET /console HTTP/1.1\r\n")));
            }
            assertThat(anonymousConsole.subList(0, BURST)).containsOnly(302);
            assertThat(anonymousConsole.get(anonymousConsole.size() - 1)).isEqualTo(429);

            // The audit trail: far fewer rows than refusals, whose counts add up to all of them.
            Thread.sleep(3500);
            JdbcClient database = gateway.context().getBean(JdbcClient.class);
            long rows = database.sql("SELECT count(*) FROM audit_event WHERE client_address = '127.0.0.1' AND actor = 'anonymous'")
                    .query(Long.class).single();
            long counted = database.sql("SELECT sum(repeats) FROM audit_event WHERE client_address = '127.0.0.1' AND actor = 'anonymous'")
                    .query(Long.class).single();
            assertThat(counted).isEqualTo(FLOOD);
            assertThat(rows).isLessThan(20);
            assertThat(database.sql("""
                            SELECT sum(repeats) FROM audit_event WHERE client_address = '127.0.0.1' AND reason = 'UNAUTHENTICATED'""")
                    .query(Long.class).single()).isEqualTo(refused401);
            assertThat(database.sql("""
                            SELECT count(*) FROM audit_event WHERE client_address = '127.0.0.1' AND repeats > 1
                            AND last_at >= at AND at IS NOT NULL""").query(Long.class).single()).isGreaterThan(0);
            // The chain holds the same counts: an entry's count, or 1.
            long chained = database.sql("""
                            SELECT sum(coalesce((details::jsonb ->> 'count')::int, 1)) FROM audit_entry
                            WHERE kind = 'ACCESS' AND details::jsonb ->> 'clientAddress' = '127.0.0.1' AND actor = 'anonymous'""")
                    .query(Long.class).single();
            assertThat(chained).isEqualTo(FLOOD);
            assertThat(database.sql("SELECT sum(repeats) FROM audit_event WHERE client_address = '127.0.0.2'")
                    .query(Long.class).single()).isEqualTo(1);
        }
    }

    private static String exchange(String localAddress, int port, String head) throws IOException {
        return exchange(localAddress, port, head, "");
    }

    private static String exchange(String localAddress, int port, String head, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(30_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write((head + "Host: 127.0.0.1\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(bytes);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        return response.startsWith("HTTP/1.1 ") ? Integer.parseInt(response.substring(9, 12)) : -1;
    }
}
