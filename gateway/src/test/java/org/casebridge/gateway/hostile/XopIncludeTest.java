package org.casebridge.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An xop:Include is read only from the request's own MIME parts, even where CXF is told to follow
 * URLs ({@code org.apache.cxf.attachment.xop.follow.urls}, a JVM-wide system property any library
 * could set): a transfer whose content names a file on the gateway's disk, with that file's true
 * digest and size, is refused unread and nothing is kept. Without the gateway's own check CXF
 * would read the file, the digest would match, and the message would be accepted.
 */
class XopIncludeTest {

    private static final String FOLLOW_URLS = "org.apache.cxf.attachment.xop.follow.urls";

    @TempDir
    Path work;

    @Test
    void aFileUrlIsNeverReadEvenWhenCxfWouldFollowUrls() throws Exception {
        Path target = Files.writeString(work.resolve("on-the-gateways-disk.txt"), "read from the gateway's own disk");
        byte[] content = Files.readAllBytes(target);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"),
                TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate"))) {
            String token = new AgencyRest("hohhot-amr", gateway.baseUrl()).token();
            String previous = System.getProperty(FOLLOW_URLS);
            System.setProperty(FOLLOW_URLS, "true");
            HttpResponse<String> response;
            try {
                response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/services/gateway/v1"))
                        .header("Authorization", "Bearer " + token)
                        .header("SOAPAction", "\"urn:casebridge:gateway:v1:Submit\"")
                        .header("Content-Type", "multipart/related; type=\"application/xop+xml\"; boundary=\"b\"; start=\"<root@x>\"; start-info=\"text/xml\"")
                        .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n"
                                + "Content-ID: <root@x>\r\n\r\n" + envelope("cid:" + target.toUri(), sha, content.length) + "\r\n--b--\r\n"))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } finally {
                if (previous == null) {
                    System.clearProperty(FOLLOW_URLS);
                } else {
                    System.setProperty(FOLLOW_URLS, previous);
                }
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("code>MALFORMED_REQUEST</", "only a part of this request");
            JdbcClient database = gateway.context().getBean(JdbcClient.class);
            assertThat(database.sql("SELECT count(*) FROM message").query(Integer.class).single()).isZero();
            assertThat(database.sql("SELECT count(*) FROM attachment").query(Integer.class).single()).isZero();
        }
    }

    /** The contract's example transfer from the Hohhot regulator, with one attachment whose content is an xop:Include of href. */
    private static String envelope(String href, String sha, int size) throws Exception {
        String xml;
        try (var in = XopIncludeTest.class.getClassLoader().getResourceAsStream("casebridge/v1/examples/transfer-without-attachments.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String message = xml.substring(xml.indexOf("<cb:Message"))
                .replace("ordos-eeb-2026-0031-transfer", "hohhot-amr-m-xop-2").replace("ordos-eeb-2026-0031", "hohhot-amr-h-xop-2")
                .replace("<cb:agency>ordos-eeb</cb:agency>", "<cb:agency>hohhot-amr</cb:agency>")
                .replace("<cb:agency>ordos-psb</cb:agency>", "<cb:agency>hohhot-psb</cb:agency>")
                .replace("<cb:agency>ordos-procuratorate</cb:agency>", "<cb:agency>hohhot-procuratorate</cb:agency>")
                .replace("<cb:payload>", "<cb:attachment><cb:name>disk.txt</cb:name><cb:mediaType>text/plain</cb:mediaType><cb:size>" + size
                        + "</cb:size><cb:sha256>" + sha + "</cb:sha256></cb:attachment><cb:payload>");
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cb=\"urn:casebridge:v1\"><soap:Body>"
                + "<cb:SubmitRequest>" + message + "<cb:attachmentContent><cb:sha256>" + sha + "</cb:sha256><cb:content>"
                + "<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"" + href + "\"/></cb:content>"
                + "</cb:attachmentContent></cb:SubmitRequest></soap:Body></soap:Envelope>";
    }
}
