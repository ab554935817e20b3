package org.casebridge.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * A corpus of hostile and malformed requests, over REST and SOAP. Each must be refused with a 4xx
 * and the stable code of its kind, never a 5xx, and none may change what the gateway holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileCorpusTest {

    private static final List<String> TABLES = List.of("handoff", "message", "message_party", "message_attachment",
            "attachment", "dispatch", "outbox", "receipt", "seal");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AdjustableClock clock = new AdjustableClock();
    private Path work;
    private RunningGateway gateway;
    private String amrToken;
    private String baotouToken;
    private String ownHandoffSha;
    private String ownDispatch;
    private Map<String, Integer> before;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("hostile");
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-psb");
        gateway = RunningGateway.start(work.resolve("data"), agencies,
                Map.of("casebridge.attachments.max-size", "1MB", "casebridge.identity.clock-skew", "0s"), clock);
        AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
        amrToken = amr.token();
        baotouToken = new AgencyRest("baotou-psb", gateway.baseUrl()).token();

        // One legitimate case, so that attacks can aim at something that exists.
        Path evidence = work.resolve("evidence.pdf");
        Files.writeString(evidence, "现场检查笔录");
        ownHandoffSha = AgencyRest.sha256Hex(evidence);
        assertThat(amr.upload(evidence, "application/pdf").status()).isEqualTo(201);
        assertThat(amr.submit(Messages.withAttachment(Messages.referral("hohhot-amr-h-own", "hohhot-amr-m-own"), "evidence.pdf",
                "application/pdf", Files.size(evidence), ownHandoffSha)).status()).isEqualTo(201);
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        // Let the legitimate case settle (outbox relayed, dispatches in the inboxes) before counting.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> database
                .sql("SELECT count(*) FROM dispatch WHERE state = 'QUEUED'").query(Integer.class).single() == 0);
        ownDispatch = database.sql("SELECT dispatch_id FROM dispatch WHERE message_id = 'hohhot-amr-m-own' AND recipient_agency = 'hohhot-psb'")
                .query(String.class).single();
        before = counts();
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    /** One hostile request and how it must be refused. */
    record Attack(String name, HttpRequest request, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Attack> corpus() throws Exception {
        List<Attack> attacks = new ArrayList<>();
        String base = gateway.baseUrl();
        String inbox = base + "/api/v1/inbox";
        String messages = base + "/api/v1/messages";

        // Identity
        attacks.add(new Attack("no credentials", get(inbox, null), 401, "UNAUTHENTICATED"));
        attacks.add(new Attack("basic authentication", HttpRequest.newBuilder(URI.create(inbox))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("hohhot-amr:hohhot-amr-secret".getBytes())).build(),
                401, "UNAUTHENTICATED"));
        attacks.add(new Attack("empty bearer", HttpRequest.newBuilder(URI.create(inbox)).header("Authorization", "Bearer ").build(), 401, "UNAUTHENTICATED"));
        attacks.add(new Attack("garbage bearer", get(inbox, "not.a.jwt"), 401, "UNAUTHENTICATED"));
        attacks.add(new Attack("realm token with a changed claim", get(inbox, withChangedClaim(amrToken)), 401, "UNAUTHENTICATED"));
        attacks.add(new Attack("token signed by a foreign key", get(inbox, forged(KeycloakServer.shared().issuerUri())), 401, "UNAUTHENTICATED"));
        attacks.add(new Attack("token from a foreign issuer", get(inbox, forged("http://127.0.0.1:1/realms/casebridge")), 401, "UNAUTHENTICATED"));
        attacks.add(new Attack("alg=none token", get(inbox, unsigned()), 401, "UNAUTHENTICATED"));
        attacks.add(new Attack("token in the query string", HttpRequest.newBuilder(URI.create(inbox + "?access_token=" + amrToken)).build(),
                401, "UNAUTHENTICATED"));
        attacks.add(new Attack("SOAP without a token", soap(null, "FetchInbox", fetchInbox("5")), 401, "UNAUTHENTICATED"));
        attacks.add(new Attack("SOAP with a forged token", soap(forged(KeycloakServer.shared().issuerUri()), "FetchInbox", fetchInbox("5")),
                401, "UNAUTHENTICATED"));

        // Hostile XML
        attacks.add(new Attack("XXE: external file entity", soapRaw(amrToken, "FetchInbox", """
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                """ + envelope("<cb:FetchInboxRequest><cb:max>&e;</cb:max></cb:FetchInboxRequest>")), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("XXE: external parameter entity", soapRaw(amrToken, "FetchInbox", """
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p;]>
                """ + envelope(fetchInbox("5"))), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("billion laughs", soapRaw(amrToken, "FetchInbox", billionLaughs() + envelope(
                "<cb:FetchInboxRequest><cb:max>&lol9;</cb:max></cb:FetchInboxRequest>")), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("a DOCTYPE at all", soapRaw(amrToken, "FetchInbox", "<!DOCTYPE soap:Envelope>" + envelope(fetchInbox("5"))),
                400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("XInclude", soap(amrToken, "FetchInbox", "<cb:FetchInboxRequest xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                + "<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></cb:FetchInboxRequest>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("nesting 5000 deep", soap(amrToken, "FetchInbox", "<cb:FetchInboxRequest>" + "<x>".repeat(5000)
                + "</x>".repeat(5000) + "</cb:FetchInboxRequest>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("17 MB of text", soap(amrToken, "FetchInbox", "<cb:FetchInboxRequest><cb:max>"
                + "9".repeat(17 * 1024 * 1024) + "</cb:max></cb:FetchInboxRequest>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("1000 attributes", soap(amrToken, "FetchInbox", "<cb:FetchInboxRequest "
                + String.join(" ", Stream.iterate(0, i -> i + 1).limit(1000).map(i -> "a" + i + "=\"x\"").toList())
                + "><cb:max>5</cb:max></cb:FetchInboxRequest>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("unclosed element", soapRaw(amrToken, "FetchInbox", envelope("<cb:FetchInboxRequest><cb:max>5</cb:max>")),
                400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("not XML", soapRaw(amrToken, "FetchInbox", "{\"max\": 5}"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("unknown operation", soap(amrToken, "Format", "<cb:FormatDiskRequest/>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("SOAP 1.2 envelope", soapRaw(amrToken, "FetchInbox",
                "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:cb=\"urn:casebridge:v1\"><env:Body>"
                        + fetchInbox("5") + "</env:Body></env:Envelope>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("unknown element", soap(amrToken, "FetchInbox",
                "<cb:FetchInboxRequest><cb:max>5</cb:max><cb:all>true</cb:all></cb:FetchInboxRequest>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("wrong type", soap(amrToken, "FetchInbox", fetchInbox("many")), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("page too large", soap(amrToken, "FetchInbox", fetchInbox("1000")), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("surrogate character reference", soap(amrToken, "FetchInbox",
                "<cb:FetchInboxRequest><cb:max>&#xD800;</cb:max></cb:FetchInboxRequest>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("SOAP message breaking the contract", soap(amrToken, "Submit",
                submit(transferXml().replace("hohhot-amr-2026-0031-transfer", "bad id"))), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("SOAP sender spoofing", soap(baotouToken, "Submit", submit(transferXml())), 400, "SENDER_MISMATCH"));
        attacks.add(new Attack("SOAP acknowledge of another agency's delivery", soap(baotouToken, "Acknowledge",
                "<cb:AcknowledgeRequest><cb:dispatchId>" + ownDispatch + "</cb:dispatchId></cb:AcknowledgeRequest>"), 400, "NOT_FOUND"));
        attacks.add(new Attack("SOAP fetch of another agency's attachment", soap(baotouToken, "FetchAttachment",
                "<cb:FetchAttachmentRequest><cb:sha256>" + ownHandoffSha + "</cb:sha256></cb:FetchAttachmentRequest>"), 400, "NOT_FOUND"));

        // Malformed SOAP: every one the caller's fault (HTTP 400 with a code), at both endpoints.
        Files.writeString(work.resolve("xop-target.txt"), "read from the gateway's own disk");
        String xopTarget = work.resolve("xop-target.txt").toUri().toString();
        for (String href : List.of("cid:missing@casebridge", "cid:part-1@another-request", xopTarget,
                "cid:" + xopTarget, "http://127.0.0.1:1/evidence.pdf", "cid:http://127.0.0.1:1/evidence.pdf")) {
            attacks.add(new Attack("xop:Include of " + href, mtom(amrToken, xopSubmit(href), MTOM_PART), 400, "MALFORMED_REQUEST"));
        }
        String fetch = envelope(fetchInbox("5"));
        attacks.add(new Attack("UTF-16 body labelled UTF-8", soapBytes(SOAP, amrToken, "FetchInbox", "text/xml; charset=UTF-8",
                fetch.getBytes(StandardCharsets.UTF_16LE)), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("UTF-16 body with its BOM labelled UTF-8", soapBytes(SOAP, amrToken, "FetchInbox",
                "text/xml; charset=UTF-8", fetch.getBytes(StandardCharsets.UTF_16)), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("UTF-16LE BOM before a UTF-8 envelope", soapBytes(SOAP, amrToken, "FetchInbox", "text/xml; charset=UTF-8",
                concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, fetch.getBytes(StandardCharsets.UTF_8))), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("UTF-16BE BOM before a UTF-8 envelope", soapBytes(SOAP, amrToken, "FetchInbox", "text/xml; charset=UTF-8",
                concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, fetch.getBytes(StandardCharsets.UTF_8))), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("UTF-8 body labelled UTF-16", soapBytes(SOAP, amrToken, "FetchInbox", "text/xml; charset=UTF-16",
                fetch.getBytes(StandardCharsets.UTF_8)), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("unknown charset", soapBytes(SOAP, amrToken, "FetchInbox", "text/xml; charset=x-casebridge",
                fetch.getBytes(StandardCharsets.UTF_8)), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("control character in the XML", soapBytes(SOAP, amrToken, "FetchInbox", "text/xml; charset=UTF-8",
                envelope("<cb:FetchInboxRequest><cb:max>5\u0001</cb:max></cb:FetchInboxRequest>").getBytes(StandardCharsets.UTF_8)),
                400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("control character reference", soap(amrToken, "FetchInbox",
                "<cb:FetchInboxRequest><cb:max>&#x1;</cb:max></cb:FetchInboxRequest>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("XML that is not SOAP", soapRaw(amrToken, "FetchInbox",
                "<cb:FetchInboxRequest xmlns:cb=\"urn:casebridge:v1\"><cb:max>5</cb:max></cb:FetchInboxRequest>"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("empty SOAP body", soapBytes(SOAP, amrToken, "FetchInbox", "text/xml; charset=UTF-8", new byte[0]),
                400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("SOAP 1.2 envelope and media type at the SOAP 1.1 endpoint", soapBytes(SOAP, amrToken, "FetchInbox",
                "application/soap+xml; charset=UTF-8", ("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                        + " xmlns:cb=\"urn:casebridge:v1\"><env:Body>" + fetchInbox("5") + "</env:Body></env:Envelope>")
                        .getBytes(StandardCharsets.UTF_8)), 400, "MALFORMED_REQUEST"));
        String submitAtPart = xopSubmit("cid:part-1@casebridge");
        attacks.add(new Attack("truncated MIME multipart", soapBytes(SOAP, amrToken, "Submit", MTOM_TYPE,
                java.util.Arrays.copyOf(multipart(submitAtPart, MTOM_PART), multipart(submitAtPart, MTOM_PART).length / 2)),
                400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("multipart with the wrong boundary", soapBytes(SOAP, amrToken, "Submit",
                MTOM_TYPE.replace(BOUNDARY, "other-boundary"), multipart(submitAtPart, MTOM_PART)), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("MTOM part declared base64 that is not", mtom(amrToken, submitAtPart,
                MTOM_PART.replace("Content-Transfer-Encoding: binary", "Content-Transfer-Encoding: base64")), 400, "MALFORMED_REQUEST"));
        for (String endpoint : List.of(SOAP, SIGNED)) {
            String where = endpoint.equals(SIGNED) ? " at /signed" : "";
            String token = endpoint.equals(SIGNED) ? null : amrToken;
            attacks.add(new Attack("UTF-8 BOM then a UTF-16 envelope" + where, soapBytes(endpoint, token, "FetchInbox",
                    "text/xml; charset=UTF-8", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                            fetch.getBytes(StandardCharsets.UTF_16LE))), 400, "MALFORMED_REQUEST"));
            attacks.add(new Attack("two byte-order marks" + where, soapBytes(endpoint, token, "FetchInbox", "text/xml; charset=UTF-8",
                    concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                            fetch.getBytes(StandardCharsets.UTF_8))), 400, "MALFORMED_REQUEST"));
            for (byte[] bom : List.of(new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xFE, (byte) 0xFF})) {
                attacks.add(new Attack("UTF-16 BOM " + HexFormat.of().formatHex(bom) + " before UTF-8" + where, soapBytes(endpoint, token,
                        "FetchInbox", "text/xml; charset=UTF-8", concat(bom, fetch.getBytes(StandardCharsets.UTF_8))), 400, "MALFORMED_REQUEST"));
            }
            attacks.add(new Attack("UTF-16 body labelled UTF-8" + where, soapBytes(endpoint, token, "FetchInbox", "text/xml; charset=UTF-8",
                    fetch.getBytes(StandardCharsets.UTF_16LE)), 400, "MALFORMED_REQUEST"));
            attacks.add(new Attack("xop:Include of a file" + where, soapBytes(endpoint, token, "Submit", MTOM_TYPE,
                    multipart(xopSubmit(xopTarget), MTOM_PART)), 400, endpoint.equals(SIGNED) ? "UNAUTHENTICATED" : "MALFORMED_REQUEST"));
            // Invalid UTF-8 (finding 11 has the same bytes in JSON): overlong '/', an encoded surrogate, above F4, truncated.
            for (String bad : INVALID_UTF8) {
                attacks.add(new Attack("invalid UTF-8 " + bad + " in XML" + where, soapBytes(endpoint, token, "Submit", "text/xml; charset=UTF-8",
                        withBytes(envelope(submit(transferXml())), "群众举报", HexFormat.of().parseHex(bad))), 400, "MALFORMED_REQUEST"));
            }
        }

        // Hostile JSON
        attacks.add(new Attack("not JSON", json(messages, amrToken, "{\"messageId\":"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("JSON array", json(messages, amrToken, "[1,2,3]"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("JSON nested 1000 deep", json(messages, amrToken, "{\"a\":".repeat(1000) + "1" + "}".repeat(1000)),
                400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("3 MB body", json(messages, amrToken, "{\"x\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}"), 413, "TOO_LARGE"));
        attacks.add(new Attack("wrong JSON type", json(messages, amrToken, transferJson(m -> m.put("messageId", 42))), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("unknown property", json(messages, amrToken, transferJson(m -> m.put("priority", "urgent"))), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("duplicate member", json(messages, amrToken, transferJson(m -> { }).replaceFirst("\\{", "{\"messageId\":\"a\",")),
                400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("NaN", json(messages, amrToken, "{\"messageId\": NaN}"), 400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("number beyond range", json(messages, amrToken, transferJson(m -> m.putArray("attachments").addObject()
                .put("name", "a").put("mediaType", "a/b").put("sha256", "0".repeat(64)).put("size", new java.math.BigInteger("1" + "0".repeat(30))))),
                400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("unpaired surrogate", json(messages, amrToken, transferJson(m -> { })
                .replace("群众举报", "\\ud800")), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("NUL character", json(messages, amrToken, transferJson(m -> { }).replace("群众举报", "\\u0000")),
                400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("text/plain", HttpRequest.newBuilder(URI.create(messages)).header("Authorization", "Bearer " + amrToken)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(transferJson(m -> { }))).build(),
                415, "UNSUPPORTED_MEDIA_TYPE"));
        attacks.add(new Attack("no content type", HttpRequest.newBuilder(URI.create(messages)).header("Authorization", "Bearer " + amrToken)
                .POST(HttpRequest.BodyPublishers.ofString(transferJson(m -> { }))).build(), 415, "UNSUPPORTED_MEDIA_TYPE"));
        attacks.add(new Attack("PUT on messages", HttpRequest.newBuilder(URI.create(messages)).header("Authorization", "Bearer " + amrToken)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), 405, "METHOD_NOT_ALLOWED"));
        attacks.add(new Attack("sent next year", json(messages, amrToken, transferJson(m -> m.put("sentAt", "2099-01-01T00:00:00+08:00"))),
                400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("257 attachments", json(messages, amrToken, transferJson(m -> {
            var list = m.putArray("attachments");
            for (int i = 0; i < 257; i++) {
                list.addObject().put("name", "f" + i).put("mediaType", "a/b").put("size", 1).put("sha256", String.format("%064x", i));
            }
        })), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("attachment name with a path", json(messages, amrToken, transferJson(m -> m.putArray("attachments").addObject()
                .put("name", "../../etc/passwd").put("mediaType", "a/b").put("size", 1).put("sha256", "0".repeat(64)))), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("30 000 characters of conduct", json(messages, amrToken, transferJson(m ->
                ((ObjectNode) m.at("/payload/referral/transferLetter")).put("suspectedConduct", "案".repeat(30_000)))), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("payload of another type", json(messages, amrToken, transferJson(m ->
                m.set("payload", Messages.example("decision-register").get("payload")))), 400, "CONTRACT_VIOLATION"));

        // Invalid UTF-8 in JSON (the same bytes as in XML above), and JSON in another encoding.
        for (String bad : INVALID_UTF8) {
            attacks.add(new Attack("invalid UTF-8 " + bad + " in JSON", jsonBytes(messages, amrToken,
                    withBytes(transferJson(m -> { }), "群众举报", HexFormat.of().parseHex(bad))), 400, "MALFORMED_REQUEST"));
            attacks.add(new Attack("invalid UTF-8 " + bad + " in a JSON member name", jsonBytes(messages, amrToken,
                    withBytes(transferJson(m -> { }), "caseSource", HexFormat.of().parseHex(bad))), 400, "MALFORMED_REQUEST"));
            attacks.add(new Attack("invalid UTF-8 " + bad + " in an operator's reason", jsonBytes(base + "/api/v1/admin/dead-letters/"
                    + ownDispatch + "/abandon", KeycloakServer.shared().passwordToken("operator", "operator"),
                    withBytes("{\"reason\":\"duplicate\"}", "duplicate", HexFormat.of().parseHex(bad))), 400, "MALFORMED_REQUEST"));
        }
        attacks.add(new Attack("JSON in UTF-16", jsonBytes(messages, amrToken, transferJson(m -> { }).getBytes(StandardCharsets.UTF_16LE)),
                400, "MALFORMED_REQUEST"));
        attacks.add(new Attack("JSON in UTF-32", jsonBytes(messages, amrToken,
                transferJson(m -> { }).getBytes(java.nio.charset.Charset.forName("UTF-32BE"))), 400, "MALFORMED_REQUEST"));

        // Uploads
        byte[] content = "证据".getBytes(StandardCharsets.UTF_8);
        attacks.add(new Attack("upload without a digest", upload(content, null, "application/pdf"), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("upload with a malformed digest", upload(content, "md5=:abc:", "application/pdf"), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("upload with the wrong digest", upload(content, digestHeader(new byte[] {1}), "application/pdf"),
                422, "ATTACHMENT_DIGEST_MISMATCH"));
        byte[] large = new byte[2 * 1024 * 1024];
        new Random(1).nextBytes(large);
        attacks.add(new Attack("upload over the limit", upload(large, digestHeader(large), "video/mp4"), 413, "TOO_LARGE"));
        attacks.add(new Attack("upload with no media type", upload(content, digestHeader(content), "pdf"), 400, "CONTRACT_VIOLATION"));

        // Other agencies' cases
        ObjectNode intrusion = Messages.withoutAttachments(Messages.reply("receipt", "hohhot-amr-h-own", "baotou-psb-m-intrusion", "hohhot-amr-m-own"));
        ((ObjectNode) intrusion.get("sender")).put("agency", "baotou-psb");
        attacks.add(new Attack("reply into another agency's handoff", json(messages, baotouToken, intrusion.toString()), 422, "UNKNOWN_HANDOFF"));
        ObjectNode spoof = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-spoof", "hohhot-amr-m-spoof"));
        attacks.add(new Attack("REST sender spoofing", json(messages, baotouToken, spoof.toString()), 403, "SENDER_MISMATCH"));
        attacks.add(new Attack("read another agency's message", get(messages + "/hohhot-amr-m-own", baotouToken), 404, "NOT_FOUND"));
        attacks.add(new Attack("read another agency's receipts", get(messages + "/hohhot-amr-m-own/receipts", baotouToken), 404, "NOT_FOUND"));
        attacks.add(new Attack("read another agency's handoff", get(base + "/api/v1/handoffs/hohhot-amr-h-own", baotouToken), 404, "NOT_FOUND"));
        attacks.add(new Attack("download another agency's attachment", get(base + "/api/v1/attachments/" + ownHandoffSha, baotouToken), 404, "NOT_FOUND"));
        // Tomcat itself refuses an encoded slash in a path, before any of the gateway's code.
        attacks.add(new Attack("path traversal in a download", get(base + "/api/v1/attachments/..%2F..%2Fetc%2Fpasswd", amrToken), 400, null));
        attacks.add(new Attack("download by a name instead of a digest", get(base + "/api/v1/attachments/passwd", amrToken), 404, "NOT_FOUND"));
        attacks.add(new Attack("acknowledge another agency's delivery", post(inbox + "/" + ownDispatch + "/ack", baotouToken), 404, "NOT_FOUND"));
        attacks.add(new Attack("inbox page of 0", get(inbox + "?max=0", amrToken), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("inbox page of words", get(inbox + "?max=all", amrToken), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("negative handoff offset", get(base + "/api/v1/handoffs?offset=-1", amrToken), 400, "CONTRACT_VIOLATION"));
        attacks.add(new Attack("administration by an agency system", get(base + "/api/v1/admin/agencies", amrToken), 403, "FORBIDDEN"));
        attacks.add(new Attack("URL of 20 000 characters", get(base + "/api/v1/messages/" + "a".repeat(20_000), amrToken), 400, null));
        return attacks.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Order(1)
    void isRefusedWithItsCode(Attack attack) throws Exception {
        HttpResponse<String> response = http.send(attack.request(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(attack.name() + ": " + abbreviate(response.body())).isEqualTo(attack.status());
        if (attack.code() != null) {
            // A problem document, or a SOAP fault whose cb:Fault detail may use any prefix.
            assertThat(response.body()).as(attack.name()).containsAnyOf("\"code\":\"" + attack.code() + "\"",
                    "code>" + attack.code() + "</");
        }
        assertThat(response.body()).doesNotContain("root:x:0:0");
    }

    @Test
    @Order(2)
    void aRealTokenThatHasExpiredIsRefused() throws Exception {
        HttpRequest request = get(gateway.baseUrl() + "/api/v1/inbox", amrToken);
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(10));
        try {
            HttpResponse<String> expired = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(expired.body()).contains("UNAUTHENTICATED");
        } finally {
            clock.reset();
        }
    }

    @Test
    @Order(3)
    void nothingTheCorpusSentWasKept() {
        assertThat(counts()).isEqualTo(before);
        assertThat(corpusSize()).isGreaterThanOrEqualTo(50);
    }

    private long corpusSize() {
        try {
            return corpus().count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Integer> counts() {
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, database.sql("SELECT count(*) FROM " + table).query(Integer.class).single());
        }
        try (var files = Files.walk(work.resolve("data/attachments/sha256"))) {
            counts.put("attachment files", (int) files.filter(Files::isRegularFile).count());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    private static HttpRequest get(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static HttpRequest post(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private static HttpRequest json(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest jsonBytes(String url, String token, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest upload(byte[] content, String digest, String mediaType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/attachments"))
                .header("Authorization", "Bearer " + amrToken).header("Content-Type", mediaType);
        if (digest != null) {
            builder.header("Content-Digest", digest);
        }
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(content)).build();
    }

    private static String digestHeader(byte[] content) throws Exception {
        return "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content)) + ":";
    }

    private HttpRequest soap(String token, String operation, String body) {
        return soapRaw(token, operation, envelope(body));
    }

    private HttpRequest soapRaw(String token, String operation, String envelope) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/services/gateway/v1"))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:casebridge:gateway:v1:" + operation + "\"");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build();
    }

    private static final String SOAP = "/services/gateway/v1";
    private static final String SIGNED = "/services/gateway/v1/signed";
    private static final String BOUNDARY = "uuid:hostile-boundary";
    private static final String MTOM_TYPE = "multipart/related; type=\"application/xop+xml\"; boundary=\"" + BOUNDARY
            + "\"; start=\"<root@casebridge>\"; start-info=\"text/xml\"";
    private static final String MTOM_CONTENT = "the attachment's content";
    private static final String MTOM_PART = "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n"
            + "Content-ID: <part-1@casebridge>\r\n\r\n" + MTOM_CONTENT;
    /** Overlong '/', a UTF-16 surrogate encoded in UTF-8, a byte above F4, a sequence cut short, a lone continuation byte. */
    static final List<String> INVALID_UTF8 = List.of("c0af", "eda080", "f5808080", "e4b8", "80");

    /** A request to a SOAP endpoint with exactly these bytes; no token for null. */
    private HttpRequest soapBytes(String endpoint, String token, String operation, String contentType, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + endpoint)).header("Content-Type", contentType)
                .header("SOAPAction", "\"urn:casebridge:gateway:v1:" + operation + "\"");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest mtom(String token, String body, String part) {
        return soapBytes(SOAP, token, "Submit", MTOM_TYPE, multipart(body, part));
    }

    /** An MTOM package: the envelope around body as its root part, then the given part (headers, blank line, content). */
    private static byte[] multipart(String body, String part) {
        return ("--" + BOUNDARY + "\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n"
                + "Content-Transfer-Encoding: binary\r\nContent-ID: <root@casebridge>\r\n\r\n" + envelope(body)
                + "\r\n--" + BOUNDARY + "\r\n" + part + "\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A transfer declaring the attachment MTOM_CONTENT, whose content is an xop:Include of href. */
    private static String xopSubmit(String href) {
        try {
            byte[] content = MTOM_CONTENT.getBytes(StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            String message = transferXml().replace("ordos-eeb-2026-0031-transfer", "hohhot-amr-m-xop-1")
                    .replace("ordos-eeb-2026-0031", "hohhot-amr-h-xop-1")
                    .replace("<cb:payload>", "<cb:attachment><cb:name>content.txt</cb:name><cb:mediaType>text/plain</cb:mediaType><cb:size>"
                            + content.length + "</cb:size><cb:sha256>" + sha + "</cb:sha256></cb:attachment><cb:payload>");
            return "<cb:SubmitRequest>" + message + "<cb:attachmentContent><cb:sha256>" + sha + "</cb:sha256><cb:content>"
                    + "<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"" + href + "\"/>"
                    + "</cb:content></cb:attachmentContent></cb:SubmitRequest>";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The UTF-8 of text with the first occurrence of marker replaced by raw bytes. */
    static byte[] withBytes(String text, String marker, byte[] bytes) {
        int at = text.indexOf(marker);
        return concat(concat(text.substring(0, at).getBytes(StandardCharsets.UTF_8), bytes),
                text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
    }

    private static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cb=\"urn:casebridge:v1\">"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    private static String fetchInbox(String max) {
        return "<cb:FetchInboxRequest><cb:max>" + max + "</cb:max></cb:FetchInboxRequest>";
    }

    private static String submit(String messageXml) {
        return "<cb:SubmitRequest>" + messageXml + "</cb:SubmitRequest>";
    }

    /** The contract's example transfer, sent by the Hohhot regulator to the Hohhot police. */
    private static String transferXml() throws Exception {
        try (var in = HostileCorpusTest.class.getClassLoader().getResourceAsStream("casebridge/v1/examples/transfer-without-attachments.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return xml.substring(xml.indexOf("<cb:Message"))
                    .replace("<cb:agency>ordos-eeb</cb:agency>", "<cb:agency>hohhot-amr</cb:agency>")
                    .replace("<cb:agency>ordos-psb</cb:agency>", "<cb:agency>hohhot-psb</cb:agency>")
                    .replace("<cb:agency>ordos-procuratorate</cb:agency>", "<cb:agency>hohhot-procuratorate</cb:agency>")
                    .replace("ordos-eeb-2026-0031", "hohhot-amr-2026-0031");
        }
    }

    private static String transferJson(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode message = Messages.example("transfer-without-attachments");
        ((ObjectNode) message.get("sender")).put("agency", "hohhot-amr");
        ((ObjectNode) message.get("recipient")).put("agency", "hohhot-psb");
        message.put("messageId", "hohhot-amr-m-hostile").put("handoffId", "hohhot-amr-h-hostile");
        change.accept(message);
        return message.toString();
    }

    private static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]>").toString();
    }

    private static String withChangedClaim(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"hohhot-amr\"", "\"baotou-psb\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static JWTClaimsSet claims(String issuer) {
        return new JWTClaimsSet.Builder().issuer(issuer).audience("casebridge-gateway").subject("intruder")
                .claim("azp", "hohhot-amr").claim("agency_id", "hohhot-amr")
                .claim("realm_access", Map.of("roles", List.of("agency-system")))
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
    }

    private static String forged(String issuer) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("intruder").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("intruder").type(JOSEObjectType.JWT).build(),
                claims(issuer));
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String unsigned() {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims(KeycloakServer.shared().issuerUri()).toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String abbreviate(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }
}
