package org.casebridge.gateway.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.DeliveryReceipt;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.contracts.v1.SealedMessage;
import org.casebridge.contracts.v1.SubmitResponse;
import org.casebridge.contracts.v1.TransportReceipt;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.AgencySoap;
import org.casebridge.gateway.support.AgencySoapEndpoint;
import org.casebridge.gateway.support.GatewayKeys;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole handoff path over real sockets: the market regulator (A) transfers a case over SOAP
 * with a 5 MB video; the police (P) pull it over REST, acknowledge, ask for more material; A
 * supplements over REST; P registers the case. A takes everything by push to its own SOAP
 * endpoint. The gateway is stopped and restarted while a push is pending. Every signature is
 * checked by xmlsec1 or by npm's jose, and tampered copies must fail them.
 */
class HandoffEndToEndTest {

    private static final String A = "hohhot-amr";
    private static final String P = "hohhot-psb";
    private static final String S = "hohhot-procuratorate";
    private static final String HANDOFF = "hohhot-amr-2026-0417";

    @TempDir
    Path work;

    @Test
    void transferDeficiencySupplementAndDecisionAcrossARestart() throws Exception {
        try (AgencySoapEndpoint aEndpoint = AgencySoapEndpoint.onFreePort(A)) {
            aEndpoint.start();
            Path agencies = agenciesFile(aEndpoint.address());
            try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
                AgencySoap aSoap = new AgencySoap(A, gateway.baseUrl());
                AgencyRest aRest = new AgencyRest(A, gateway.baseUrl());
                AgencyRest pRest = new AgencyRest(P, gateway.baseUrl());
                AgencyRest sRest = new AgencyRest(S, gateway.baseUrl());
                GatewayKeys keys = GatewayKeys.of(aRest, gateway.baseUrl());

                // 1. A transfers the case over SOAP, its 5 MB video as an MTOM part.
                Path video = randomFile("执法记录仪.mp4", 5 * 1024 * 1024);
                String videoSha = AgencyRest.sha256Hex(video);
                ObjectNode referral = Messages.withAttachment(Messages.referral(HANDOFF, "hohhot-amr-ref-1"),
                        "执法记录仪.mp4", "video/mp4", Files.size(video), videoSha);
                SubmitResponse submitted = aSoap.port().submit(AgencySoap.submitRequest(Messages.toModel(referral), Map.of(videoSha, video)));
                byte[] transportXml = ContractXml.serialize(submitted.getTransportReceipt().getAny());
                keys.verifyXml(transportXml).requireValid();
                keys.verifyXml(tamper(transportXml, "hohhot-amr-ref-1", "ref-9")).requireInvalid();
                TransportReceipt transport = ContractXml.fromNode(parse(transportXml), TransportReceipt.class);
                assertThat(transport.getMessageId()).isEqualTo("hohhot-amr-ref-1");
                assertThat(transport.getRecipients()).containsExactly(P, S);
                assertThat(transport.getAttachments()).singleElement()
                        .satisfies(a -> assertThat(a.getSha256()).isEqualTo(videoSha));
                assertThat(transport.getMessageSha256()).isEqualTo(sha256Hex(
                        org.casebridge.contracts.codec.ContractJson.canonicalBytes(Messages.toModel(referral))));

                // 2. P pulls it over REST: the seal verifies, the video arrives whole.
                JsonNode delivery = awaitDelivery(pRest, "hohhot-amr-ref-1");
                String sealed = delivery.get("sealedMessage").toString();
                keys.verifyJson(sealed, "message").requireValid();
                keys.verifyJson(sealed.replace("呼和浩特某食品有限公司", "某某公司"), "message").requireInvalid();
                HttpResponse<InputStream> download = pRest.download(videoSha);
                assertThat(download.statusCode()).isEqualTo(200);
                try (InputStream in = download.body()) {
                    assertThat(sha256Hex(in.readAllBytes())).isEqualTo(videoSha);
                }
                AgencyRest.Response ack = pRest.acknowledge(delivery.get("dispatchId").asString());
                assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
                String deliveryReceipt = ack.json().get("deliveryReceipt").toString();
                keys.verifyJson(deliveryReceipt, "receipt").requireValid();
                keys.verifyJson(deliveryReceipt.replace("\"DELIVERED\"", "\"REFUSED\""), "receipt").requireInvalid();

                // 3. P answers with its receipt (回执); A gets it, and P's delivery receipt, by push.
                submitOk(pRest, Messages.withoutAttachments(Messages.reply("receipt", HANDOFF, "hohhot-psb-rcpt-1", "hohhot-amr-ref-1")));
                awaitPushed(aEndpoint, MessageType.RECEIPT, "hohhot-psb-rcpt-1");
                awaitDeliveryReceiptPushed(aEndpoint, "hohhot-amr-ref-1", P);

                // 4. A's system goes down; P sends a deficiency notice; the gateway retries, is
                //    stopped and started again, A comes back: the notice arrives once.
                aEndpoint.stop();
                submitOk(pRest, Messages.withoutAttachments(Messages.reply("deficiency-notice", HANDOFF, "hohhot-psb-def-1", "hohhot-amr-ref-1")));
                JdbcClient database = gateway.context().getBean(JdbcClient.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> database
                        .sql("SELECT coalesce(max(attempts), 0) FROM dispatch WHERE message_id = 'hohhot-psb-def-1'").query(Integer.class).single() >= 2);
                gateway.restart();
                aEndpoint.start();
                awaitPushed(aEndpoint, MessageType.DEFICIENCY_NOTICE, "hohhot-psb-def-1");

                // 5. A supplements over REST: content uploaded by stream with its digest, then the message.
                Path certificate = randomFile("检验机构资质.pdf", 300_000);
                String certificateSha = AgencyRest.sha256Hex(certificate);
                AgencyRest.Response upload = aRest.upload(certificate, "application/pdf");
                assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
                assertThat(upload.json().get("sha256").asString()).isEqualTo(certificateSha);
                ObjectNode supplement = Messages.withAttachment(Messages.reply("supplement", HANDOFF, "hohhot-amr-sup-1", "hohhot-psb-def-1"),
                        "检验机构资质.pdf", "application/pdf", Files.size(certificate), certificateSha);
                AgencyRest.Response supplementReceipt = submitOk(aRest, supplement);
                keys.verifyJson(supplementReceipt.body(), "receipt").requireValid();
                keys.verifyJson(supplementReceipt.body().replace("hohhot-amr-sup-1", "sup-2"), "receipt").requireInvalid();

                // 6. P takes the supplement and registers the case, copying the prosecutor.
                JsonNode supplementDelivery = awaitDelivery(pRest, "hohhot-amr-sup-1");
                assertThat(pRest.acknowledge(supplementDelivery.get("dispatchId").asString()).status()).isEqualTo(200);
                submitOk(pRest, Messages.withoutAttachments(Messages.reply("decision-register", HANDOFF, "hohhot-psb-dec-1", "hohhot-amr-sup-1")));
                awaitPushed(aEndpoint, MessageType.DECISION, "hohhot-psb-dec-1");
                awaitDeliveryReceiptPushed(aEndpoint, "hohhot-amr-sup-1", P);

                // 7. The prosecutor collects the copies of the transfer and of the decision.
                for (String copy : List.of("hohhot-amr-ref-1", "hohhot-psb-dec-1")) {
                    JsonNode copied = awaitDelivery(sRest, copy);
                    keys.verifyJson(copied.get("sealedMessage").toString(), "message").requireValid();
                    assertThat(sRest.acknowledge(copied.get("dispatchId").asString()).status()).isEqualTo(200);
                }
                awaitDeliveryReceiptPushed(aEndpoint, "hohhot-amr-ref-1", S);

                // 8. P, a pull agency, finds the delivery receipts of its own messages in its inbox:
                //    its receipt, its notice and its decision reached A, and the decision reached S.
                await().atMost(Duration.ofSeconds(30)).until(() -> pRest.inbox().json().get("deliveries").size() == 4);
                for (JsonNode receipt : pRest.inbox().json().get("deliveries")) {
                    assertThat(receipt.get("kind").asString()).isEqualTo("DELIVERY_RECEIPT");
                    keys.verifyJson(receipt.get("deliveryReceipt").toString(), "receipt").requireValid();
                    assertThat(pRest.acknowledge(receipt.get("dispatchId").asString()).json().has("deliveryReceipt")).isFalse();
                }

                // 9. A resends the transfer: the original receipt, and nothing is delivered again.
                SubmitResponse again = aSoap.port().submit(AgencySoap.submitRequest(Messages.toModel(referral), Map.of(videoSha, video)));
                TransportReceipt repeated = ContractXml.fromNode(again.getTransportReceipt().getAny(), TransportReceipt.class);
                assertThat(repeated.getReceiptId()).isEqualTo(transport.getReceiptId());
                Thread.sleep(1500);
                assertThat(pRest.inbox().json().get("deliveries")).isEmpty();
                assertThat(sRest.inbox().json().get("deliveries")).isEmpty();

                // 10. The handoff went through its lifecycle, each step a signed event that replays to the same state.
                JsonNode tracked = aRest.get("/api/v1/handoffs/" + HANDOFF).json();
                assertThat(tracked.get("state").asString()).isEqualTo("REGISTERED");
                List<String> events = new java.util.ArrayList<>();
                for (JsonNode event : tracked.get("events")) {
                    events.add(event.get("event").asString());
                    String jws = event.get("jws").asString();
                    String payload = new String(java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
                    keys.verifyJson("{\"event\":" + payload + ",\"jws\":\"" + jws + "\"}", "event").requireValid();
                }
                assertThat(events).containsExactly("SUBMITTED", "DELIVERED", "RECEIVED", "DEFICIENT", "SUPPLEMENTED", "REGISTERED");
                assertThat(gateway.context().getBean(org.casebridge.gateway.lifecycle.Lifecycle.class).replay(HANDOFF))
                        .hasValue(org.casebridge.gateway.lifecycle.HandoffState.REGISTERED);

                // 11. A got each dispatch exactly once, and every document verifies with xmlsec1.
                assertThat(aEndpoint.deliveriesPerDispatch().values()).allMatch(count -> count == 1);
                assertThat(aEndpoint.received()).hasSize(6);
                for (AgencySoapEndpoint.Received received : aEndpoint.received()) {
                    keys.verifyXml(received.signedDocument()).requireValid();
                }
                AgencySoapEndpoint.Received decision = aEndpoint.received().stream()
                        .filter(r -> r.kind() == DispatchKind.MESSAGE && messageOf(r).getMessageId().equals("hohhot-psb-dec-1"))
                        .findFirst().orElseThrow();
                keys.verifyXml(tamper(decision.signedDocument(), "REGISTER", "REFUSE")).requireInvalid();
                // One dispatch per recipient and message: ref-1 to P and S, rcpt-1, def-1 and sup-1 to
                // one each, dec-1 to A and S. The repeated transfer added none.
                assertThat(database(gateway).sql("SELECT count(*) FROM dispatch WHERE kind = 'MESSAGE'")
                        .query(Integer.class).single()).isEqualTo(7);
            }
        }
    }

    private static JdbcClient database(RunningGateway gateway) {
        return gateway.context().getBean(JdbcClient.class);
    }

    private static AgencyRest.Response submitOk(AgencyRest client, JsonNode message) {
        AgencyRest.Response response = client.submit(message);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    private static JsonNode awaitDelivery(AgencyRest client, String messageId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode delivery : client.inbox().json().get("deliveries")) {
                JsonNode sealed = delivery.get("sealedMessage");
                if (sealed != null && sealed.get("message").get("messageId").asString().equals(messageId)) {
                    found[0] = delivery;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static void awaitPushed(AgencySoapEndpoint endpoint, MessageType type, String messageId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.received().stream()
                .filter(r -> r.kind() == DispatchKind.MESSAGE)
                .map(HandoffEndToEndTest::messageOf)
                .anyMatch(m -> m.getType() == type && m.getMessageId().equals(messageId)));
    }

    private static void awaitDeliveryReceiptPushed(AgencySoapEndpoint endpoint, String messageId, String recipient) {
        await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.received().stream()
                .filter(r -> r.kind() == DispatchKind.DELIVERY_RECEIPT)
                .map(r -> ContractXml.fromNode(parse(r.signedDocument()), DeliveryReceipt.class))
                .anyMatch(receipt -> receipt.getMessageId().equals(messageId) && receipt.getRecipient().equals(recipient)));
    }

    private static Message messageOf(AgencySoapEndpoint.Received received) {
        return ContractXml.fromNode(parse(received.signedDocument()), SealedMessage.class).getMessage();
    }

    private Path agenciesFile(String aEndpoint) throws Exception {
        Path file = work.resolve("agencies.yml");
        Files.writeString(file, """
                version: 1
                agencies:
                  - id: hohhot-amr
                    name: 呼和浩特市市场监督管理局
                    kind: ADMINISTRATIVE_AGENCY
                    delivery: { mode: PUSH_SOAP, endpoint: "%s", connect-timeout: PT1S, read-timeout: PT5S, consumers: 2 }
                  - id: hohhot-psb
                    name: 呼和浩特市公安局
                    kind: POLICE
                    delivery: { mode: PULL }
                  - id: hohhot-procuratorate
                    name: 呼和浩特市人民检察院
                    kind: PROSECUTOR
                    delivery: { mode: PULL }
                """.formatted(aEndpoint));
        return file;
    }

    private Path randomFile(String name, int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path file = work.resolve(name);
        Files.write(file, content);
        return file;
    }

    private static byte[] tamper(byte[] document, String from, String to) {
        String text = new String(document, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8);
    }

    private static org.w3c.dom.Document parse(byte[] xml) {
        try {
            return ContractXml.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
