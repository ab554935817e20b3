package org.casebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's client against the JDK's HTTP server: lengths, chunks, keep-alive, streams. */
class HttpConnectionTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] answer = ("{\"got\":" + body.length + ",\"auth\":\"" + auth + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Digest", "sha-256=:x:");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/chunked", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(404, 0); // length 0: chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1000; i++) {
                    out.write("{\"code\":\"NOT_FOUND\"}".getBytes(StandardCharsets.UTF_8), 0, i == 999 ? 20 : 0);
                    out.write('x');
                    out.flush();
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void keepsTheConnectionAndReadsBothKindsOfBody() throws Exception {
        try (HttpConnection c = new HttpConnection("127.0.0.1", server.getAddress().getPort(), 5000)) {
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) {
                int status = c.begin("POST /echo").headerLine("Authorization: Bearer t\r\n".getBytes(StandardCharsets.US_ASCII))
                        .send(body, 0, body.length);
                assertThat(status).isEqualTo(201);
                assertThat(c.bodyText()).isEqualTo("{\"got\":5,\"auth\":\"Bearer t\"}");
                assertThat(c.contentDigest()).isEqualTo("sha-256=:x:");
            }
            assertThat(c.connects).isEqualTo(1);
            assertThat(c.begin("POST /chunked").send()).isEqualTo(404);
            assertThat(c.bodyLength()).isEqualTo(1020);
            assertThat(c.bodyText()).endsWith("{\"code\":\"NOT_FOUND\"}x");
        }
    }

    @Test
    void streamsUploadsAndDownloads() throws Exception {
        try (HttpConnection c = new HttpConnection("127.0.0.1", server.getAddress().getPort(), 5000)) {
            AttachmentScenario.SeededContent content = new AttachmentScenario.SeededContent(7, 3_000_003);
            int status = c.begin("POST /echo").sendStreaming(3_000_003, content::writeTo);
            assertThat(status).isEqualTo(201);
            assertThat(c.bodyText()).startsWith("{\"got\":3000003,");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
            content.writeTo(copy);
            assertThat(HexFormat.of().formatHex(content.sha256()))
                    .isEqualTo(HexFormat.of().formatHex(digest.digest(copy.toByteArray())));
            long[] n = {0};
            assertThat(c.begin("GET /echo").sendAndStream((b, off, len) -> n[0] += len)).isEqualTo(201);
            assertThat(n[0]).isEqualTo("{\"got\":0,\"auth\":\"null\"}".length());
        }
    }
}
