package org.casebridge.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.AcknowledgeRequest;
import org.casebridge.contracts.v1.AcknowledgeResponse;
import org.casebridge.contracts.v1.Delivery;
import org.casebridge.contracts.v1.DeliveryReceipt;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.contracts.v1.FetchAttachmentRequest;
import org.casebridge.contracts.v1.FetchAttachmentResponse;
import org.casebridge.contracts.v1.FetchInboxRequest;
import org.casebridge.contracts.v1.SealedMessage;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.AgencySoap;
import org.casebridge.gateway.support.GatewayKeys;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The delivery modes not covered by the end-to-end handoff: push to a REST webhook that fails
 * before it accepts, and pull over SOAP with the attachment content as MTOM parts.
 */
class DeliveryModesTest {

    @TempDir
    Path work;

    @Test
    void webhookPushIsRetriedUntilAcceptedAndSoapPullCarriesAttachments() throws Exception {
        List<String> webhookBodies = new CopyOnWriteArrayList<>();
        AtomicInteger refusals = new AtomicInteger(2);
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/casebridge/deliveries", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                webhookBodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            int status = refusals.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
        Path agencies = work.resolve("agencies.yml");
        Files.writeString(agencies, """
                version: 1
                agencies:
                  - { id: hohhot-amr, name: 呼和浩特市市场监督管理局, kind: ADMINISTRATIVE_AGENCY, delivery: { mode: PULL } }
                  - { id: hohhot-psb, name: 呼和浩特市公安局, kind: POLICE, delivery: { mode: PUSH_REST, endpoint: "http://127.0.0.1:%d/casebridge/deliveries" } }
                  - { id: hohhot-procuratorate, name: 呼和浩特市人民检察院, kind: PROSECUTOR, delivery: { mode: PULL } }
                """.formatted(webhook.getAddress().getPort()));
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
            AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
            AgencySoap procuratorate = new AgencySoap("hohhot-procuratorate", gateway.baseUrl());
            GatewayKeys keys = GatewayKeys.of(amr, gateway.baseUrl());

            byte[] photo = new byte[700_000];
            new Random(7).nextBytes(photo);
            Path photoFile = work.resolve("现场照片.jpg");
            Files.write(photoFile, photo);
            String photoSha = AgencyRest.sha256Hex(photoFile);
            assertThat(amr.upload(photoFile, "image/jpeg").status()).isEqualTo(201);
            var transfer = Messages.withAttachment(Messages.referral("hohhot-amr-h-modes", "hohhot-amr-m-modes"), "现场照片.jpg", "image/jpeg", photo.length, photoSha);
            AgencyRest.Response submitted = amr.submit(transfer);
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);

            // Push to the webhook: refused twice (503), then accepted; stored once by the gateway.
            await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies.size() == 3);
            assertThat(webhookBodies).allSatisfy(body -> assertThat(body).isEqualTo(webhookBodies.getFirst()));
            JsonNode pushed = AgencyRest.JSON.readTree(webhookBodies.getFirst());
            assertThat(pushed.get("kind").asString()).isEqualTo("MESSAGE");
            keys.verifyJson(pushed.get("sealedMessage").toString(), "message").requireValid();
            JdbcClient database = gateway.context().getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> database.sql(
                    "SELECT state FROM dispatch WHERE dispatch_id = ?").param(pushed.get("dispatchId").asString())
                    .query(String.class).single().equals("ACKNOWLEDGED"));
            assertThat(database.sql("SELECT attempts FROM dispatch WHERE dispatch_id = ?").param(pushed.get("dispatchId").asString())
                    .query(Integer.class).single()).isEqualTo(2);

            // The prosecutor pulls its copy over SOAP: the sealed message and the photo as an MTOM part.
            Delivery[] copy = new Delivery[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                FetchInboxRequest request = new FetchInboxRequest();
                request.setMax(10);
                List<Delivery> deliveries = procuratorate.port().fetchInbox(request).getDeliveries();
                copy[0] = deliveries.isEmpty() ? null : deliveries.getFirst();
                return copy[0] != null;
            });
            byte[] sealedXml = ContractXml.serialize(copy[0].getDocument().getAny());
            keys.verifyXml(sealedXml).requireValid();
            assertThat(ContractXml.fromNode(copy[0].getDocument().getAny(), SealedMessage.class).getMessage().getMessageId())
                    .isEqualTo("hohhot-amr-m-modes");
            assertThat(copy[0].getAttachmentContents()).singleElement().satisfies(part -> {
                try (InputStream in = part.getContent().getInputStream()) {
                    assertThat(sha256(in.readAllBytes())).isEqualTo(photoSha);
                }
            });

            FetchAttachmentRequest fetch = new FetchAttachmentRequest();
            fetch.setSha256(photoSha);
            FetchAttachmentResponse fetched = procuratorate.port().fetchAttachment(fetch);
            assertThat(fetched.getSize()).isEqualTo(photo.length);
            try (InputStream in = fetched.getAttachmentContent().getContent().getInputStream()) {
                assertThat(sha256(in.readAllBytes())).isEqualTo(photoSha);
            }

            AcknowledgeRequest ack = new AcknowledgeRequest();
            ack.setDispatchId(copy[0].getDispatchId());
            AcknowledgeResponse acknowledged = procuratorate.port().acknowledge(ack);
            byte[] receiptXml = ContractXml.serialize(acknowledged.getDeliveryReceipt().getAny());
            keys.verifyXml(receiptXml).requireValid();
            assertThat(ContractXml.fromNode(acknowledged.getDeliveryReceipt().getAny(), DeliveryReceipt.class).getRecipient())
                    .isEqualTo("hohhot-procuratorate");

            // The regulator finds a delivery receipt from each recipient in its inbox.
            await().atMost(Duration.ofSeconds(30)).until(() -> amr.inbox().json().get("deliveries").size() == 2);
            for (JsonNode receipt : amr.inbox().json().get("deliveries")) {
                assertThat(receipt.get("kind").asString()).isEqualTo(DispatchKind.DELIVERY_RECEIPT.value());
                keys.verifyJson(receipt.get("deliveryReceipt").toString(), "receipt").requireValid();
            }
        } finally {
            webhook.stop(0);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
