package org.casebridge.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.casebridge.contracts.v1.Fault;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.Party;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Knowing a digest is no access path: on every path that takes one (REST upload, download GET and
 * HEAD, SOAP FetchAttachment, a message naming content over REST and over SOAP, the evidence export)
 * an agency that neither uploaded nor received content gets exactly the answer a digest of no
 * stored content gets, and a refused SOAP submission keeps none of the MTOM content it carried.
 */
class AttachmentIsolationTest {

    private static final String A = "hohhot-amr";
    private static final String P = "hohhot-psb";
    private static final String S = "hohhot-procuratorate";
    /** The stranger: an agency with its own police and prosecutor, party to none of A's cases. */
    private static final String T = "baotou-tax";

    @TempDir
    static Path work;
    static RunningGateway gateway;
    static AgencyRest amr;
    static AgencyRest police;
    static AgencyRest stranger;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path agencies = TestAgencies.pull(work, A, P, S, T, "baotou-psb", "baotou-procuratorate");
        gateway = RunningGateway.start(work.resolve("data"), agencies);
        amr = new AgencyRest(A, gateway.baseUrl());
        police = new AgencyRest(P, gateway.baseUrl());
        stranger = new AgencyRest(T, gateway.baseUrl());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aForeignDigestIsAnsweredOnEveryReadPathLikeOneOfNoContent() throws Exception {
        Content secret = uploaded(amr, "A's secret");
        String missing = Content.of("never uploaded " + UUID.randomUUID()).sha256();

        assertSameApartFromDigest(download(stranger, "GET", secret.sha256()), download(stranger, "GET", missing), secret.sha256(), missing);
        assertSameApartFromDigest(download(stranger, "HEAD", secret.sha256()), download(stranger, "HEAD", missing), secret.sha256(), missing);
        HttpResponse<String> soapForeign = fetchAttachment(stranger, secret.sha256());
        assertThat(soapForeign.body()).contains("<code>NOT_FOUND</code>");
        assertSameApartFromDigest(soapForeign, fetchAttachment(stranger, missing), secret.sha256(), missing);
        // The uploader itself reads it back.
        assertThat(download(amr, "GET", secret.sha256()).statusCode()).isEqualTo(200);
    }

    @Test
    void aMessageNamingAForeignDigestIsRefusedLikeOneNamingNoContentAndRevealsNoSize() throws Exception {
        Content secret = uploaded(amr, "A's evidence");
        String missing = Content.of("no such content " + UUID.randomUUID()).sha256();

        for (long size : new long[] {secret.bytes().length, secret.bytes().length + 1}) {
            String id = T + "-h-foreign-" + size;
            AgencyRest.Response foreign = stranger.submit(strangersTransfer(id, secret.sha256(), size));
            AgencyRest.Response none = stranger.submit(strangersTransfer(id, missing, size));
            assertThat(foreign.status()).as(foreign.toString()).isEqualTo(422);
            assertThat(foreign.json().path("code").asString()).isEqualTo("ATTACHMENT_MISSING");
            assertThat(foreign.json().path("field").asString()).isEqualTo("/attachments/0/sha256");
            assertThat(foreign.body().replace(secret.sha256(), missing)).isEqualTo(none.body());

            Fault soapForeign = soapFault(T, Messages.toModel(strangersTransfer(id, secret.sha256(), size)), Map.of());
            Fault soapNone = soapFault(T, Messages.toModel(strangersTransfer(id, missing, size)), Map.of());
            assertThat(soapForeign.getCode()).isEqualTo("ATTACHMENT_MISSING");
            assertThat(List.of(soapForeign.getCode(), soapForeign.getMessage().replace(secret.sha256(), missing), soapForeign.getField()))
                    .isEqualTo(List.of(soapNone.getCode(), soapNone.getMessage(), soapNone.getField()));

            // Nothing was opened, so there is no case to export and no content to read.
            assertThat(stranger.get("/api/v1/handoffs/" + id + "/evidence?attachments=include").status()).isEqualTo(404);
        }
        assertThat(download(stranger, "GET", secret.sha256()).statusCode()).isEqualTo(404);
    }

    @Test
    void contentReachesTheAgenciesOfTheMessageThatCarriesItAndAnotherUploaderGetsItsOwnUse() throws Exception {
        Content evidence = uploaded(amr, "A's transfer evidence");
        String handoff = A + "-h-iso-carried";
        AgencyRest.Response transfer = amr.submit(Messages.withAttachment(Messages.referral(handoff, handoff + "-transfer"),
                "现场.txt", "text/plain", evidence.bytes().length, evidence.sha256()));
        assertThat(transfer.status()).as(transfer.toString()).isEqualTo(201);
        // The recipient received it: it reads it and may name it onwards; the stranger still may not.
        assertThat(download(police, "GET", evidence.sha256()).statusCode()).isEqualTo(200);
        assertThat(download(stranger, "GET", evidence.sha256()).statusCode()).isEqualTo(404);
        assertThat(stranger.submit(strangersTransfer(T + "-h-iso-carried", evidence.sha256(), evidence.bytes().length)).status())
                .isEqualTo(422);

        // The stranger uploads the same bytes itself: the answer is an upload's, nothing about the
        // earlier one; from then on it may read and name its own upload.
        AgencyRest.Response again = stranger.upload(evidence.file(), "application/x-tax-record");
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.body()).isEqualTo("{\"sha256\":\"" + evidence.sha256() + "\",\"size\":" + evidence.bytes().length
                + ",\"mediaType\":\"application/x-tax-record\"}");
        // Each reads the content under the type it was given: the first uploader's type is not the stranger's business.
        HttpResponse<String> own = download(stranger, "GET", evidence.sha256());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.headers().firstValue("content-type")).hasValue("application/x-tax-record");
        assertThat(download(police, "GET", evidence.sha256()).headers().firstValue("content-type")).hasValue("text/plain");
        AgencyRest.Response named = stranger.submit(strangersTransfer(T + "-h-iso-own", evidence.sha256(), evidence.bytes().length));
        assertThat(named.status()).as(named.toString()).isEqualTo(201);
    }

    @Test
    void aRefusedSoapSubmissionKeepsNoneOfItsContent() throws Exception {
        String existing = A + "-h-iso-refused";
        assertThat(amr.submit(Messages.withoutAttachments(Messages.referral(existing, existing + "-transfer"))).status()).isEqualTo(201);

        Content handoffExists = Content.of("MTOM part of a transfer under an existing handoff");
        Message again = withContent(Messages.referral(existing, existing + "-again"), handoffExists);
        assertRefusedAndKeptNothing(again, handoffExists, "HANDOFF_EXISTS");

        Content copyToSelf = Content.of("MTOM part of a transfer copied to its own recipient");
        Message selfCopy = withContent(Messages.referral(A + "-h-iso-self-copy", A + "-h-iso-self-copy-transfer"), copyToSelf);
        Party copy = new Party();
        copy.setAgency(P);
        selfCopy.getCopyTo().add(copy);
        assertRefusedAndKeptNothing(selfCopy, copyToSelf, "CONTRACT_VIOLATION");

        Content asAnother = Content.of("MTOM part of a transfer sent as another agency");
        Message mismatch = withContent(Messages.referral(T + "-h-iso-mismatch", T + "-h-iso-mismatch-transfer"), asAnother);
        mismatch.getSender().setAgency("baotou-tax");
        mismatch.getRecipient().setAgency("baotou-psb");
        mismatch.getCopyTo().getFirst().setAgency("baotou-procuratorate");
        assertRefusedAndKeptNothing(mismatch, asAnother, "SENDER_MISMATCH");

        // An accepted one keeps its part: the sender and the recipient read it.
        Content carried = Content.of("MTOM part of an accepted transfer");
        String accepted = A + "-h-iso-mtom";
        new AgencySoap(A, gateway.baseUrl()).port().submit(AgencySoap.submitRequest(
                withContent(Messages.referral(accepted, accepted + "-transfer"), carried), Map.of(carried.sha256(), carried.file())));
        assertThat(download(amr, "GET", carried.sha256()).statusCode()).isEqualTo(200);
        assertThat(download(police, "GET", carried.sha256()).statusCode()).isEqualTo(200);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void ofSoapTransfersRacingForOneHandoffOnlyTheAcceptedOneKeepsItsContent() throws Exception {
        String handoff = A + "-h-iso-race";
        List<Content> contents = new java.util.ArrayList<>();
        List<java.util.concurrent.CompletableFuture<String>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Content content = Content.of("racing part " + i + " " + UUID.randomUUID());
            contents.add(content);
            Message transfer = withContent(Messages.referral(handoff, handoff + "-transfer-" + i), content);
            AgencySoap soap = new AgencySoap(A, gateway.baseUrl());
            var port = soap.port();
            answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    port.submit(AgencySoap.submitRequest(transfer, Map.of(content.sha256(), content.file())));
                    return "ACCEPTED";
                } catch (CasebridgeFault fault) {
                    return fault.getFaultInfo().getCode();
                }
            }));
        }
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        int accepted = 0;
        for (int i = 0; i < answers.size(); i++) {
            String answer = answers.get(i).get(2, java.util.concurrent.TimeUnit.MINUTES);
            Content content = contents.get(i);
            int rows = database.sql("SELECT count(*) FROM attachment WHERE sha256 = ?").param(content.sha256())
                    .query(Integer.class).single();
            boolean stored;
            try (Stream<Path> files = Files.walk(work.resolve("data"))) {
                stored = files.anyMatch(file -> file.getFileName().toString().equals(content.sha256()));
            }
            if (answer.equals("ACCEPTED")) {
                accepted++;
                assertThat(rows).isEqualTo(1);
                assertThat(stored).isTrue();
            } else {
                assertThat(answer).isEqualTo("HANDOFF_EXISTS");
                assertThat(rows).as("row of a refused part").isZero();
                assertThat(stored).as("file of a refused part").isFalse();
            }
        }
        assertThat(accepted).isEqualTo(1);
        assertThat(leftovers()).isEmpty();
    }

    private void assertRefusedAndKeptNothing(Message message, Content content, String code) throws Exception {
        Fault fault = soapFault(A, message, Map.of(content.sha256(), content.file()));
        assertThat(fault.getCode()).as(fault.getMessage()).isEqualTo(code);
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        assertThat(database.sql("SELECT count(*) FROM attachment WHERE sha256 = ?").param(content.sha256())
                .query(Integer.class).single()).as("attachment row").isZero();
        assertThat(database.sql("SELECT count(*) FROM attachment_upload WHERE sha256 = ?").param(content.sha256())
                .query(Integer.class).single()).as("upload grant").isZero();
        try (Stream<Path> files = Files.walk(work.resolve("data"))) {
            assertThat(files.filter(file -> file.getFileName().toString().equals(content.sha256())).toList()).as("stored file").isEmpty();
        }
        assertThat(leftovers()).as("staged files").isEmpty();
        String missing = Content.of("nothing like it " + UUID.randomUUID()).sha256();
        assertSameApartFromDigest(download(amr, "GET", content.sha256()), download(amr, "GET", missing), content.sha256(), missing);
    }

    private static List<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.walk(work.resolve("data"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".part")).toList();
        }
    }

    /** A transfer from the stranger to its own police, copied to its prosecutor, naming the content. */
    private static ObjectNode strangersTransfer(String handoffId, String sha256, long size) {
        ObjectNode message = Messages.withAttachment(Messages.referral(handoffId, handoffId + "-transfer"),
                "材料.txt", "text/plain", size, sha256);
        ((ObjectNode) message.get("sender")).put("agency", T);
        ((ObjectNode) message.get("recipient")).put("agency", "baotou-psb");
        ((ObjectNode) message.withArray("copyTo").get(0)).put("agency", "baotou-procuratorate");
        return message;
    }

    private static Message withContent(ObjectNode message, Content content) {
        return Messages.toModel(Messages.withAttachment(message, "part.txt", "text/plain", content.bytes().length, content.sha256()));
    }

    private static Fault soapFault(String agency, Message message, Map<String, Path> parts) {
        try {
            new AgencySoap(agency, gateway.baseUrl()).port().submit(AgencySoap.submitRequest(message, parts));
            throw new AssertionError("accepted " + message);
        } catch (CasebridgeFault fault) {
            return fault.getFaultInfo();
        }
    }

    private static Content uploaded(AgencyRest agency, String text) throws Exception {
        Content content = Content.of(text + " " + UUID.randomUUID());
        AgencyRest.Response upload = agency.upload(content.file(), "text/plain");
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        return content;
    }

    private static HttpResponse<String> download(AgencyRest agency, String method, String sha256) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/attachments/" + sha256))
                .header("Authorization", "Bearer " + agency.token())
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> fetchAttachment(AgencyRest agency, String sha256) throws Exception {
        String envelope = """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cb="urn:casebridge:v1">
                  <soap:Body><cb:FetchAttachmentRequest><cb:sha256>%s</cb:sha256></cb:FetchAttachmentRequest></soap:Body>
                </soap:Envelope>""".formatted(sha256);
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/services/gateway/v1"))
                .header("Authorization", "Bearer " + agency.token())
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:casebridge:gateway:v1:FetchAttachment\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Status, headers that describe the body, and the body itself are equal once the digests are
     * swapped (and the MIME boundary of a SOAP answer, fresh in each, is left out).
     */
    private static void assertSameApartFromDigest(HttpResponse<String> foreign, HttpResponse<String> missing, String sha, String missingSha) {
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(missing.statusCode()).isNotEqualTo(200);
        for (String header : List.of("content-type", "content-length")) {
            assertThat(foreign.headers().allValues(header).stream().map(AttachmentIsolationTest::boundaryless).toList()).as(header)
                    .isEqualTo(missing.headers().allValues(header).stream().map(AttachmentIsolationTest::boundaryless).toList());
        }
        assertThat(boundaryless(foreign.body().replace(sha, missingSha))).isEqualTo(boundaryless(missing.body()));
    }

    private static String boundaryless(String text) {
        return text.replaceAll("uuid:[0-9a-f-]{36}", "uuid:boundary");
    }

    private record Content(byte[] bytes, String sha256, Path file) {
        static Content of(String text) throws Exception {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Path file = Files.write(Files.createTempFile(work, "content-", ".txt"), bytes);
            return new Content(bytes, AgencyRest.sha256Hex(file), file);
        }
    }
}
