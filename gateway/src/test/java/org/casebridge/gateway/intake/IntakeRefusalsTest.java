package org.casebridge.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bad submissions are refused at intake with a stable code, a message naming the field and no
 * trace left behind, over REST and over SOAP alike.
 */
class IntakeRefusalsTest {

    private static final String A = "hohhot-amr";
    private static final String P = "hohhot-psb";

    @TempDir
    static Path work;
    static RunningGateway gateway;
    static AgencyRest amr;
    static AgencyRest police;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-psb");
        gateway = RunningGateway.start(work.resolve("data"), agencies);
        amr = new AgencyRest(A, gateway.baseUrl());
        police = new AgencyRest(P, gateway.baseUrl());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aCallerWithoutAValidTokenIsRefused() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/inbox")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(none.statusCode(), none.body(), 401, "UNAUTHENTICATED");

        String forged = amr.token().substring(0, amr.token().lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/inbox"))
                .header("Authorization", "Bearer " + forged).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(tampered.statusCode(), tampered.body(), 401, "UNAUTHENTICATED");
    }

    @Test
    void bodiesThatAreNotAContractMessageAreRefused() {
        AgencyRest.Response notJson = amr.submit("{\"messageId\": ");
        assertProblem(notJson, 400, "MALFORMED_REQUEST");

        ObjectNode missingSender = Messages.referral("hohhot-amr-h-missing", "hohhot-amr-m-missing");
        missingSender.remove("sender");
        assertProblem(amr.submit(missingSender), 400, "CONTRACT_VIOLATION", "/sender");

        ObjectNode badId = Messages.referral("hohhot-amr-h-badid", "id with spaces");
        assertProblem(amr.submit(badId), 400, "CONTRACT_VIOLATION", "/messageId");

        ObjectNode unknownProperty = Messages.referral("hohhot-amr-h-unknown", "hohhot-amr-m-unknown");
        unknownProperty.put("priority", "high");
        assertProblem(amr.submit(unknownProperty), 400, "CONTRACT_VIOLATION");

        ObjectNode wrongPayload = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-payload", "hohhot-amr-m-payload"));
        wrongPayload.set("payload", Messages.example("decision-register").get("payload"));
        assertProblem(amr.submit(wrongPayload), 400, "CONTRACT_VIOLATION", "/payload");

        ObjectNode deep = Messages.referral("hohhot-amr-h-deep", "hohhot-amr-m-deep");
        ObjectNode nested = deep.putObject("nested");
        for (int i = 0; i < 200; i++) {
            nested = nested.putObject("n");
        }
        assertProblem(amr.submit(deep), 400, "MALFORMED_REQUEST");

        String huge = "{\"messageId\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        assertProblem(amr.submit(huge), 413, "TOO_LARGE");
    }

    @Test
    void anAgencySendsOnlyAsItselfToKnownAgenciesAndOnlyWhatItsKindMay() {
        ObjectNode asPolice = Messages.withoutAttachments(Messages.referral("hohhot-psb-h-as-police", "hohhot-psb-m-as-police"));
        ((ObjectNode) asPolice.get("sender")).put("agency", P);
        ((ObjectNode) asPolice.get("recipient")).put("agency", "baotou-psb");
        assertProblem(amr.submit(asPolice), 403, "SENDER_MISMATCH", "/sender/agency");

        ObjectNode unknownRecipient = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-unknown-recipient", "hohhot-amr-m-unknown-recipient"));
        ((ObjectNode) unknownRecipient.get("recipient")).put("agency", "chifeng-psb");
        assertProblem(amr.submit(unknownRecipient), 422, "UNKNOWN_AGENCY", "/recipient/agency");

        ObjectNode decisionFromRegulator = Messages.withoutAttachments(Messages.reply("decision-register", "h-x", "hohhot-amr-m-decision", "m-x"));
        ((ObjectNode) decisionFromRegulator.get("sender")).put("agency", A);
        ((ObjectNode) decisionFromRegulator.get("recipient")).put("agency", P);
        assertProblem(amr.submit(decisionFromRegulator), 422, "TYPE_NOT_ALLOWED", "/sender/agency");
    }

    @Test
    void theSupervisingProsecutorGetsTheCopiesTheLawAsksFor() {
        ObjectNode uncopied = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-uncopied", "hohhot-amr-m-uncopied"));
        uncopied.remove("copyTo");
        AgencyRest.Response refused = amr.submit(uncopied);
        assertProblem(refused, 422, "COPY_REQUIRED", "/copyTo");
        assertThat(refused.json().get("detail").asString()).contains("PROSECUTOR", "SC 6");

        ObjectNode copiedToPolice = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-copied-police", "hohhot-amr-m-copied-police"));
        copiedToPolice.putArray("copyTo").addObject().put("agency", "baotou-psb");
        assertProblem(amr.submit(copiedToPolice), 422, "TYPE_NOT_ALLOWED", "/copyTo/0/agency");

        accepted(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-copies", "hohhot-amr-m-copies-transfer"))));
        accepted(police.submit(Messages.withoutAttachments(Messages.reply("receipt", "hohhot-amr-h-copies", "hohhot-psb-m-copies-receipt", "hohhot-amr-m-copies-transfer"))));
        ObjectNode uncopiedDecision = Messages.withoutAttachments(
                Messages.reply("decision-register", "hohhot-amr-h-copies", "hohhot-psb-m-copies-decision", "hohhot-psb-m-copies-receipt"));
        uncopiedDecision.remove("copyTo");
        assertProblem(police.submit(uncopiedDecision), 422, "COPY_REQUIRED", "/copyTo");
        // the receipt needs no copy; the decision goes through once it names the prosecutor
        accepted(police.submit(Messages.withoutAttachments(
                Messages.reply("decision-register", "hohhot-amr-h-copies", "hohhot-psb-m-copies-decision", "hohhot-psb-m-copies-receipt"))));
    }

    @Test
    void aReplyMustFitAHandoffItsSenderTakesPartIn() {
        ObjectNode toNowhere = Messages.withoutAttachments(Messages.reply("receipt", "h-none", "hohhot-psb-m-receipt-none", "m-none"));
        assertProblem(police.submit(toNowhere), 422, "UNKNOWN_HANDOFF", "/handoffId");

        accepted(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-reply", "hohhot-amr-m-reply-transfer"))));
        ObjectNode wrongTarget = Messages.withoutAttachments(Messages.reply("receipt", "hohhot-amr-h-reply", "hohhot-psb-m-receipt-wrong", "m-not-there"));
        assertProblem(police.submit(wrongTarget), 422, "UNKNOWN_REPLY_TARGET", "/inReplyTo");

        ObjectNode outsider = Messages.withoutAttachments(Messages.reply("receipt", "hohhot-amr-h-reply", "baotou-psb-m-receipt-outsider", "hohhot-amr-m-reply-transfer"));
        ((ObjectNode) outsider.get("sender")).put("agency", "baotou-psb");
        AgencyRest baotou = new AgencyRest("baotou-psb", gateway.baseUrl());
        assertProblem(baotou.submit(outsider), 422, "UNKNOWN_HANDOFF", "/handoffId");

        ObjectNode secondTransfer = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-reply", "hohhot-amr-m-reply-transfer-2"));
        assertProblem(amr.submit(secondTransfer), 409, "HANDOFF_EXISTS", "/handoffId");

        // The police cannot decide on a transfer they have not signed a receipt for.
        ObjectNode earlyDecision = Messages.withoutAttachments(Messages.reply("decision-register", "hohhot-amr-h-reply", "hohhot-psb-m-early-decision", "hohhot-amr-m-reply-transfer"));
        AgencyRest.Response early = police.submit(earlyDecision);
        assertProblem(early, 409, "ILLEGAL_TRANSITION", "/type");
        assertThat(early.json().get("detail").asString()).contains("is SUBMITTED", "[RECEIVED, UNDER_REVIEW, RECON_DECIDED, SUPERVISION, EXPLAINED, REGISTER_ORDERED]", "now allowed: [DELIVERED, RECEIVED, FORWARDED]");
    }

    @Test
    void aMessageIdNamesOneMessageForever() {
        ObjectNode original = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-idem", "hohhot-amr-m-idem"));
        AgencyRest.Response first = accepted(amr.submit(original));
        AgencyRest.Response again = amr.submit(original);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("receipt").get("receiptId")).isEqualTo(first.json().get("receipt").get("receiptId"));

        ObjectNode changed = original.deepCopy();
        ((ObjectNode) changed.at("/payload/referral/transferLetter")).put("suspectedConduct", "另一案件");
        assertProblem(amr.submit(changed), 409, "MESSAGE_ID_CONFLICT", "/messageId");
    }

    @Test
    void attachmentsMustBeUploadedWhole() throws Exception {
        Path file = work.resolve("photo.jpg");
        Files.write(file, new byte[] {1, 2, 3, 4, 5});
        String sha = AgencyRest.sha256Hex(file);

        ObjectNode notUploaded = Messages.withAttachment(Messages.referral("hohhot-amr-h-att", "hohhot-amr-m-att"), "photo.jpg", "image/jpeg", 5, sha);
        assertProblem(amr.submit(notUploaded), 422, "ATTACHMENT_MISSING", "/attachments/0/sha256");

        HttpResponse<String> wrongDigest = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/attachments"))
                .header("Authorization", "Bearer " + amr.token())
                .header("Content-Type", "image/jpeg")
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(wrongDigest.statusCode(), wrongDigest.body(), 422, "ATTACHMENT_DIGEST_MISMATCH");
        assertThat(amr.download(sha).statusCode()).isEqualTo(404);

        HttpResponse<String> noDigest = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/attachments"))
                .header("Authorization", "Bearer " + amr.token()).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(noDigest.statusCode(), noDigest.body(), 400, "CONTRACT_VIOLATION");

        assertThat(amr.upload(file, "image/jpeg").status()).isEqualTo(201);
        ObjectNode wrongSize = Messages.withAttachment(Messages.referral("hohhot-amr-h-att", "hohhot-amr-m-att"), "photo.jpg", "image/jpeg", 6, sha);
        assertProblem(amr.submit(wrongSize), 422, "ATTACHMENT_DIGEST_MISMATCH", "/attachments/0/size");
        accepted(amr.submit(Messages.withAttachment(Messages.referral("hohhot-amr-h-att", "hohhot-amr-m-att"), "photo.jpg", "image/jpeg", 5, sha)));
    }

    @Test
    void anAgencyCannotReadOrAcknowledgeWhatIsNotItsOwn() {
        accepted(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-private", "hohhot-amr-m-private"))));
        AgencyRest stranger = new AgencyRest("baotou-psb", gateway.baseUrl());
        assertProblem(stranger.get("/api/v1/messages/hohhot-amr-m-private"), 404, "NOT_FOUND");
        assertProblem(stranger.get("/api/v1/messages/hohhot-amr-m-private/receipts"), 404, "NOT_FOUND");
        assertProblem(stranger.acknowledge("00000000-0000-0000-0000-000000000000"), 404, "NOT_FOUND");
        assertThat(amr.get("/api/v1/messages/hohhot-amr-m-private").status()).isEqualTo(200);
    }

    @Test
    void soapRefusalsAreFaultsWithTheContractsDetail() throws Exception {
        AgencySoap soap = new AgencySoap(A, gateway.baseUrl());
        ObjectNode badId = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-soap", "hohhot-amr-m-soap"));
        var message = Messages.toModel(badId);
        message.setMessageId("bad id");
        try {
            soap.port().submit(AgencySoap.submitRequest(message, Map.of()));
            throw new AssertionError("accepted a message with a bad messageId");
        } catch (CasebridgeFault fault) {
            assertThat(fault.getFaultInfo().getCode()).as(fault.getFaultInfo().getMessage()).isEqualTo("CONTRACT_VIOLATION");
            assertThat(fault.getFaultInfo().getField()).isEqualTo("/Message/messageId");
        }

        var asPolice = Messages.toModel(Messages.withoutAttachments(Messages.referral("hohhot-psb-h-soap2", "hohhot-psb-m-soap2")));
        asPolice.getSender().setAgency(P);
        asPolice.getRecipient().setAgency("baotou-psb");
        try {
            soap.port().submit(AgencySoap.submitRequest(asPolice, Map.of()));
            throw new AssertionError("accepted a message sent as another agency");
        } catch (CasebridgeFault fault) {
            assertThat(fault.getFaultInfo().getCode()).isEqualTo("SENDER_MISMATCH");
        }
    }

    @Test
    void hostileXmlIsRefusedBeforeAnythingIsRead() throws Exception {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE m [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cb="urn:casebridge:v1">
                  <soap:Body><cb:FetchInboxRequest><cb:max>&secret;</cb:max></cb:FetchInboxRequest></soap:Body>
                </soap:Envelope>""";
        HttpResponse<String> refused = soap(xxe, "FetchInbox");
        assertThat(refused.body()).contains("<cb:code>MALFORMED_REQUEST</cb:code>").doesNotContain("root:");

        String unknownElement = """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cb="urn:casebridge:v1">
                  <soap:Body><cb:FetchInboxRequest><cb:max>5</cb:max><cb:everything>true</cb:everything></cb:FetchInboxRequest></soap:Body>
                </soap:Envelope>""";
        assertThat(soap(unknownElement, "FetchInbox").body()).contains("<cb:code>MALFORMED_REQUEST</cb:code>");

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/services/gateway/v1"))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"urn:casebridge:gateway:v1:FetchInbox\"")
                .POST(HttpRequest.BodyPublishers.ofString(unknownElement)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("<cb:code>UNAUTHENTICATED</cb:code>");
    }

    @Test
    void refusedSubmissionsLeaveNoTrace() {
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        ObjectNode refused = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-trace", "hohhot-amr-m-trace"));
        ((ObjectNode) refused.get("recipient")).put("agency", "chifeng-psb");
        assertProblem(amr.submit(refused), 422, "UNKNOWN_AGENCY", "/recipient/agency");
        assertThat(database.sql("SELECT count(*) FROM message WHERE message_id = 'hohhot-amr-m-trace'").query(Integer.class).single()).isZero();
        assertThat(database.sql("SELECT count(*) FROM handoff WHERE handoff_id = 'hohhot-amr-h-trace'").query(Integer.class).single()).isZero();
        assertThat(database.sql("SELECT count(*) FROM dispatch WHERE message_id = 'hohhot-amr-m-trace'").query(Integer.class).single()).isZero();
        assertThat(database.sql("SELECT count(*) FROM receipt WHERE message_id = 'hohhot-amr-m-trace'").query(Integer.class).single()).isZero();
    }

    private static HttpResponse<String> soap(String envelope, String operation) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/services/gateway/v1"))
                .header("Authorization", "Bearer " + amr.token())
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:casebridge:gateway:v1:" + operation + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static AgencyRest.Response accepted(AgencyRest.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    private static void assertProblem(AgencyRest.Response response, int status, String code) {
        assertProblem(response.status(), response.body(), status, code);
    }

    private static void assertProblem(AgencyRest.Response response, int status, String code, String field) {
        assertProblem(response.status(), response.body(), status, code);
        JsonNode problem = response.json();
        assertThat(problem.path("field").asString()).as(response.toString()).isEqualTo(field);
        assertThat(problem.path("detail").asString()).as("the message names the field").contains(field.substring(field.lastIndexOf('/') + 1));
    }

    private static void assertProblem(int actualStatus, String body, int status, String code) {
        assertThat(actualStatus).as(body).isEqualTo(status);
        JsonNode problem = AgencyRest.JSON.readTree(body);
        assertThat(problem.path("code").asString()).as(body).isEqualTo(code);
        assertThat(problem.path("detail").asString()).as(body).isNotBlank();
    }
}
