package org.casebridge.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anonymous clients that announce a large body and send it a byte at a time, more of them than
 * the worker pool has threads and from several addresses, to the signed SOAP endpoint (whose
 * body must be read) and to the REST API without a token (which refuses them at once): they are
 * cut off, while a client with a token is served and the probes answer.
 */
class SlowClientsTest {

    private static final int THREADS = 6;
    private static final int PER_ADDRESS = 3;
    private static final int ADDRESSES = 5;
    private static final String ENVELOPE_START = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soap:Header>";

    @TempDir
    Path work;

    @Test
    void slowBodiesAreCutOffWhileOthersAreServedAndTheProbesAnswer() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb");
        int probePort = RunningGateway.freePort();
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies, Map.of(
                "server.tomcat.threads.max", THREADS,
                "server.tomcat.threads.min-spare", 2,
                "casebridge.http.body-grace", "2s",
                "casebridge.http.min-body-rate", "1KB",
                "casebridge.http.max-connections-per-address", PER_ADDRESS,
                "casebridge.http.probe-port", probePort))) {
            AgencyRest patient = new AgencyRest("hohhot-psb", gateway.baseUrl());
            patient.token();
            assertThat(patient.inbox().status()).isEqualTo(200);

            List<SlowClient> slow = new ArrayList<>();
            for (int a = 0; a < ADDRESSES; a++) {
                String address = "127.0.0." + (a + 2);
                for (int c = 0; c <= PER_ADDRESS; c++) {
                    String head = c % 2 == 0
                            ? "POST /services/gateway/v1/signed HTTP/1.1\r\nContent-Type: text/xml; charset=UTF-8\r\nSOAPAction: \"\"\r\n"
                            : "POST /api/v1/messages HTTP/1.1\r\nContent-Type: application/json\r\n";
                    slow.add(SlowClient.start(address, gateway.port(), head, c % 2 == 0 ? ENVELOPE_START : "{"));
                }
            }
            assertThat(slow.size()).isGreaterThan(THREADS * 3);
            Thread.sleep(500);

            long started = System.nanoTime();
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> patient.inbox().status());
            assertThat(served.get(8, TimeUnit.SECONDS)).isEqualTo(200);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            HttpClient probes = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
                HttpResponse<String> answer = probes.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probePort + probe))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(probe).isEqualTo(200);
                assertThat(answer.body()).contains("UP");
            }
            // The probe port serves the probes only.
            assertThat(probes.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probePort + "/api/v1/inbox"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

            for (SlowClient client : slow) {
                assertThat(client.closed.get(15, TimeUnit.SECONDS)).as(client.toString()).isNotNull();
            }
            for (int a = 0; a < ADDRESSES; a++) {
                // Beyond the cap a connection is closed as soon as it is accepted, without an answer.
                SlowClient extra = slow.get(a * (PER_ADDRESS + 1) + PER_ADDRESS);
                assertThat(extra.response()).as(extra.toString()).isEmpty();
            }
            for (SlowClient client : slow) {
                if (client.response().isEmpty()) {
                    continue;
                }
                int status = RawHttp.status(client.response());
                assertThat(status).as(client.toString()).isIn(client.signed() ? 408 : 401);
                // Long before the body could have arrived at one byte per 300 ms.
                assertThat(client.lasted()).as(client.toString()).isLessThan(Duration.ofSeconds(12));
            }
            System.out.printf("patient client served in %d ms; %d slow clients cut off%n", took.toMillis(), slow.size());
        }
    }

    /** Announces 10 MB, sends the first bytes, then one byte every 300 ms until the server closes. */
    private static final class SlowClient {

        private final String address;
        private final String head;
        private final long opened = System.nanoTime();
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private volatile long closedAt;

        private SlowClient(String address, String head) {
            this.address = address;
            this.head = head;
        }

        static SlowClient start(String address, int port, String head, String firstBytes) throws IOException {
            SlowClient client = new SlowClient(address, head);
            Socket socket = RawHttp.connect(address, port);
            OutputStream out = socket.getOutputStream();
            Thread.ofVirtual().start(() -> {
                try {
                    out.write((head + "Host: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n" + firstBytes)
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    while (!client.closed.isDone()) {
                        Thread.sleep(300);
                        out.write(' ');
                        out.flush();
                    }
                } catch (IOException | InterruptedException stopped) {
                    // The server closed the connection.
                }
            });
            Thread.ofVirtual().start(() -> {
                String response;
                try {
                    response = RawHttp.readAll(socket.getInputStream());
                } catch (IOException e) {
                    response = "";
                }
                client.closedAt = System.nanoTime();
                client.closed.complete(response);
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            });
            return client;
        }

        boolean signed() {
            return head.contains("/signed");
        }

        String response() {
            return closed.getNow("");
        }

        Duration lasted() {
            return Duration.ofNanos(closedAt - opened);
        }

        @Override
        public String toString() {
            return address + " " + head.lines().findFirst().orElse("") + " -> "
                    + (closed.isDone() ? response().lines().findFirst().orElse("(closed)") : "(open)");
        }
    }
}
