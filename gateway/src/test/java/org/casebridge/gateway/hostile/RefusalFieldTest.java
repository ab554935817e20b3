package org.casebridge.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.casebridge.contracts.v1.Fault;
import org.casebridge.contracts.v1.gateway.CasebridgeFault;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.AgencySoap;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One field syntax per encoding: a refusal that concerns a field names it as a JSON pointer into
 * the JSON the client sent (zero-based, JSON member names) over REST, and as an XPath into the
 * XML it sent (1-based, XML element names) over SOAP, whichever stage refused it: the schemas,
 * the contract rules, the value limits, the namespaces of ids, the content's digest.
 */
class RefusalFieldTest {

    private static final String SHA_A = "a".repeat(64);
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path work;
    static RunningGateway gateway;
    static AgencyRest amr;

    @BeforeAll
    static void start() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        gateway = RunningGateway.start(work.resolve("data"), agencies);
        amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** A change to the example transfer, its refusal's code, and the field each encoding must name (null: not sendable in it). */
    record Row(String name, UnaryOperator<ObjectNode> change, String code, String pointer, String xpath) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> refusals() {
        return Stream.of(
                new Row("schema: the second attachment's digest", m -> twoAttachments(m, "abc"),
                        "CONTRACT_VIOLATION", "/attachments/1/sha256", "/Message/attachment[2]/sha256"),
                new Row("rule: a copy to a party twice", m -> {
                    m.withArray("copyTo").addObject().put("agency", "hohhot-procuratorate").put("unit", "again");
                    return m;
                }, "CONTRACT_VIOLATION", "/copyTo/1/agency", "/Message/copyTo[2]/agency"),
                new Row("rule: an expert report pointing to no attachment", m -> {
                    ((ObjectNode) m.at("/payload/referral/expertReports/0")).put("attachmentSha256", SHA_A);
                    return m;
                }, "CONTRACT_VIOLATION", "/payload/referral/expertReports/0/attachmentSha256",
                        "/Message/payload/referral/expertReport[1]/attachmentSha256"),
                new Row("rule: the same content attached twice", m -> withSha(twoAttachments(m, SHA_A), 0, SHA_A),
                        "CONTRACT_VIOLATION", "/attachments/1/sha256", "/Message/attachment[2]/sha256"),
                new Row("id: a messageId of another agency's", m -> m.put("messageId", "hohhot-psb-m-field-" + IDS.incrementAndGet()),
                        "ID_NOT_NAMESPACED", "/messageId", "/Message/messageId"),
                new Row("value limit: an expert report issued before 1900", m -> {
                    ((ObjectNode) m.at("/payload/referral/expertReports/0")).put("issuedOn", "1899-12-31");
                    return m;
                }, "CONTRACT_VIOLATION", "/payload/referral/expertReports/0/issuedOn",
                        "/Message/payload/referral/expertReport[1]/issuedOn"),
                new Row("schema: an unknown member", m -> m.put("colour", "red"),
                        "CONTRACT_VIOLATION", "/colour", null),
                new Row("schema: an unknown member of an attachment", m -> {
                    ((ObjectNode) m.at("/attachments/0")).put("shade", "blue");
                    return m;
                }, "CONTRACT_VIOLATION", "/attachments/0/shade", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void eachEncodingNamesTheFieldInItsOwnSyntax(Row row) throws Exception {
        int n = IDS.incrementAndGet();
        ObjectNode rest = row.change().apply(Messages.referral("hohhot-amr-h-field-" + n, "hohhot-amr-m-field-r" + n));
        AgencyRest.Response refused = amr.submit(rest);
        assertThat(refused.status()).as(refused.toString()).isBetween(400, 499);
        JsonNode problem = refused.json();
        assertThat(problem.path("code").asString()).as(refused.toString()).isEqualTo(row.code());
        assertThat(problem.path("field").asString()).as(refused.toString()).isEqualTo(row.pointer());
        assertThat(problem.path("detail").asString()).startsWith(row.pointer());

        if (row.xpath() != null) {
            ObjectNode soap = row.change().apply(Messages.referral("hohhot-amr-h-field-" + n, "hohhot-amr-m-field-s" + n));
            Fault fault = soapFault(soap, Map.of());
            assertThat(fault.getCode()).as(fault.getMessage()).isEqualTo(row.code());
            assertThat(fault.getField()).as(fault.getMessage()).isEqualTo(row.xpath());
            assertThat(fault.getMessage()).startsWith(row.xpath());
        }
    }

    @Test
    void contentThatIsNotWhatTheMessageDeclaresIsNamedByTheAttachmentsDigestOverSoap() throws Exception {
        Path declared = Files.write(work.resolve("declared.bin"), new byte[] {1, 2, 3, 4, 5});
        Path sent = Files.write(work.resolve("sent.bin"), new byte[] {5, 4, 3, 2, 1});
        String sha = AgencyRest.sha256Hex(declared);
        int n = IDS.incrementAndGet();
        ObjectNode message = Messages.withAttachment(Messages.referral("hohhot-amr-h-field-" + n, "hohhot-amr-m-field-" + n),
                "declared.bin", "application/octet-stream", 5, sha);

        Fault fault = soapFault(message, Map.of(sha, sent));
        assertThat(fault.getCode()).isEqualTo("ATTACHMENT_DIGEST_MISMATCH");
        assertThat(fault.getField()).isEqualTo("/Message/attachment[1]/sha256");
    }

    @Test
    void anUploadThatIsNotWhatItsContentDigestSaysIsNamedByTheHeader() throws Exception {
        Path file = Files.write(work.resolve("upload.bin"), new byte[] {9, 8, 7});
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/attachments"))
                        .header("Authorization", "Bearer " + amr.token())
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":")
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode problem = AgencyRest.JSON.readTree(response.body());
        assertThat(problem.path("code").asString()).isEqualTo("ATTACHMENT_DIGEST_MISMATCH");
        assertThat(problem.path("field").asString()).isEqualTo("Content-Digest");
    }

    private static ObjectNode twoAttachments(ObjectNode message, String secondSha256) {
        Messages.withoutAttachments(message);
        var attachments = message.putArray("attachments");
        attachments.addObject().put("name", "first.pdf").put("mediaType", "application/pdf").put("size", 10).put("sha256", "b".repeat(64));
        attachments.addObject().put("name", "second.pdf").put("mediaType", "application/pdf").put("size", 10).put("sha256", secondSha256);
        return message;
    }

    private static ObjectNode withSha(ObjectNode message, int index, String sha256) {
        ((ObjectNode) message.withArray("attachments").get(index)).put("sha256", sha256);
        return message;
    }

    private static Fault soapFault(ObjectNode message, Map<String, Path> content) {
        try {
            new AgencySoap("hohhot-amr", gateway.baseUrl()).port().submit(AgencySoap.submitRequest(Messages.toModel(message), content));
            throw new AssertionError("accepted " + message);
        } catch (CasebridgeFault fault) {
            return fault.getFaultInfo();
        }
    }
}
