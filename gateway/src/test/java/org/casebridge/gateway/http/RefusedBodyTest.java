package org.casebridge.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused request whose body the gateway did not read closes its connection, and says so in
 * the answer: a client that keeps connections alive must not send its next request on a
 * connection the gateway is about to close (it would fail with no answer at all).
 */
class RefusedBodyTest {

    @TempDir
    Path work;

    @Test
    void aRefusedUnreadBodyEndsTheConnectionAndTheAnswerSaysSo() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies, Map.of())) {
            // Refused by the security filters, before any controller: no token.
            assertClosedWithNotice(gateway.port(), "", 401);
            // Refused by a controller, whose error body Spring flushes at once: a media type it does not take.
            String token = new AgencyRest("hohhot-amr", gateway.baseUrl()).token();
            assertClosedWithNotice(gateway.port(), "Authorization: Bearer " + token + "\r\n", 415);
        }
    }

    private static void assertClosedWithNotice(int port, String headers, int status) throws Exception {
        try (Socket socket = RawHttp.connect("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] body = "{\"messageId\":\"x\"}".repeat(4_000).getBytes(StandardCharsets.UTF_8);
            // A body the gateway refuses without reading, from a client that keeps the connection.
            socket.getOutputStream().write(("POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                    + (status == 415 ? "Content-Type: text/plain\r\n" : "Content-Type: application/json\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();

            String answer = RawHttp.readAll(socket.getInputStream());
            assertThat(RawHttp.status(answer)).as(answer).isEqualTo(status);
            String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            assertThat(head).as("the %d tells the client the connection ends", status).contains("\r\nconnection: close");
            // readAll returned: the gateway closed the connection instead of swallowing the body.
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
