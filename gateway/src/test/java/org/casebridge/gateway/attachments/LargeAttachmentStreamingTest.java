package org.casebridge.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.activation.DataHandler;
import jakarta.jws.WebService;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.handler.MessageContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.AttachmentContent;
import org.casebridge.contracts.v1.DeliverRequest;
import org.casebridge.contracts.v1.DeliverResponse;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.contracts.v1.SealedMessage;
import org.casebridge.contracts.v1.SubmitRequest;
import org.casebridge.contracts.v1.SubmitResponse;
import org.casebridge.contracts.v1.TransportReceipt;
import org.casebridge.contracts.v1.agency.AgencyEndpoint;
import org.casebridge.contracts.v1.gateway.CasebridgeGateway;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.GatewayProcess;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.testkit.keycloak.CasebridgeRealm;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Attachments many times larger than the gateway's heap pass through a gateway in a JVM of its own
 * with a small heap ({@code -Xmx128m}, about twice what the gateway keeps live once started; an
 * OutOfMemoryError ends that JVM and fails the test), on
 * every path that carries content: a REST upload with its Content-Digest and a SOAP submission
 * with the content as an MTOM part; the recipient's REST download (read slowly for a moment, past
 * the gateway's async request timeout) and SOAP fetch; the push to a copy recipient's SOAP endpoint
 * that answers only after a pause longer than its read-timeout; the evidence export with
 * {@code ?attachments=include}. The content is made on the fly from a seed and checked by digest
 * as it streams: neither side ever holds it. Prints the throughput of each leg and the gateway's
 * peak resident memory.
 *
 * <p>Sizes: {@code -Dcasebridge.large.size} (default 300MB, the REST upload),
 * {@code -Dcasebridge.large.soap-size} (default 200MB), {@code -Dcasebridge.large.heap} (128m), e.g.
 * {@code ./mvnw -pl gateway verify -Dtest=LargeAttachmentStreamingTest -Dcasebridge.large.size=1GB
 * -Dcasebridge.large.soap-size=1GB -Dcasebridge.large.heap=256m}; more options of the gateway's JVM
 * in {@code -Dcasebridge.large.jvm-options}. The gateway's log is kept in target/large-attachments.log.
 */
class LargeAttachmentStreamingTest {

    private static final String A = "hohhot-amr";
    private static final String P = "hohhot-psb";
    private static final String S = "hohhot-procuratorate";
    private static final long REST_SIZE = DataSize.parse(System.getProperty("casebridge.large.size", "300MB")).toBytes();
    private static final long SOAP_SIZE = DataSize.parse(System.getProperty("casebridge.large.soap-size", "200MB")).toBytes();
    private static final String HEAP = System.getProperty("casebridge.large.heap", "128m");
    private static final Duration LONG_CALL = Duration.ofMinutes(20);
    /** The gateway's async request timeout here; the download pauses longer than this. */
    private static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> figures = new ArrayList<>();

    @Test
    void attachmentsLargerThanTheHeapStreamThroughEveryPath() throws Exception {
        try (StreamingAgencyEndpoint sEndpoint = new StreamingAgencyEndpoint(work.resolve("s-endpoint"))) {
            Path agencies = Files.writeString(work.resolve("agencies.yml"), """
                    version: 1
                    agencies:
                      - { id: hohhot-amr, name: 呼和浩特市市场监督管理局, kind: ADMINISTRATIVE_AGENCY, delivery: { mode: PULL } }
                      - { id: hohhot-psb, name: 呼和浩特市公安局, kind: POLICE, delivery: { mode: PULL } }
                      - id: hohhot-procuratorate
                        name: 呼和浩特市人民检察院
                        kind: PROSECUTOR
                        delivery: { mode: PUSH_SOAP, endpoint: "%s", connect-timeout: PT1S, read-timeout: PT2S }
                    """.formatted(sEndpoint.address()));
            Map<String, String> properties = new HashMap<>();
            properties.put("casebridge.agencies.file", "file:" + agencies);
            properties.put("casebridge.signing.generate-if-missing", "true");
            properties.put("casebridge.delivery.first-retry-delay", "200ms");
            properties.put("casebridge.delivery.max-retry-delay", "1s");
            properties.put("casebridge.routing.relay-interval", "50ms");
            properties.put("spring.mvc.async.request-timeout", ASYNC_TIMEOUT.toMillis() + "ms");
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + HEAP, "-XX:-HeapDumpOnOutOfMemoryError", "-XX:+ExitOnOutOfMemoryError"));
            jvm.addAll(List.of(System.getProperty("casebridge.large.jvm-options", "").split(" ")).stream().filter(o -> !o.isBlank()).toList());
            try (GatewayProcess gateway = new GatewayProcess("large", work.resolve("gateway"), properties, jvm).start()) {
                String base = gateway.baseUrl();
                AgencyRest aRest = new AgencyRest(A, base);
                AgencyRest pRest = new AgencyRest(P, base);

                // 1. A uploads over REST by stream, with its digest, and names the content in a transfer.
                byte[] restDigest = SeededContent.sha256(1, REST_SIZE);
                String restSha = SeededContent.hex(restDigest);
                long started = System.nanoTime();
                HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/attachments"))
                        .timeout(LONG_CALL)
                        .header("Authorization", "Bearer " + aRest.token())
                        .header("Content-Type", "video/mp4")
                        .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(restDigest) + ":")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new SeededContent(1, REST_SIZE)), REST_SIZE))
                        .build(), HttpResponse.BodyHandlers.ofString());
                figure("REST upload", REST_SIZE, started);
                assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
                assertThat(AgencyRest.JSON.readTree(upload.body()).get("sha256").asString()).isEqualTo(restSha);
                ObjectNode restTransfer = Messages.withAttachment(Messages.referral("hohhot-amr-large-rest", "hohhot-amr-large-rest-1"),
                        "执法记录仪.mp4", "video/mp4", REST_SIZE, restSha);
                AgencyRest.Response submitted = aRest.submit(restTransfer);
                assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);

                // 2. P pulls it and downloads the content over REST, pausing longer than the async timeout.
                JsonNode delivery = awaitDelivery(pRest, "hohhot-amr-large-rest-1");
                started = System.nanoTime();
                HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/attachments/" + restSha))
                        .timeout(LONG_CALL).header("Authorization", "Bearer " + pRest.token()).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(REST_SIZE);
                assertThat(download.headers().firstValue("Content-Digest"))
                        .hasValue("sha-256=:" + Base64.getEncoder().encodeToString(restDigest) + ":");
                Digested downloaded;
                try (InputStream in = download.body()) {
                    downloaded = digest(in, ASYNC_TIMEOUT.plusSeconds(1));
                }
                figure("REST download", REST_SIZE, started);
                assertThat(downloaded).isEqualTo(new Digested(restSha, REST_SIZE));
                assertThat(pRest.acknowledge(delivery.get("dispatchId").asString()).status()).isEqualTo(200);

                // 3. S, copied, gets the content pushed as an MTOM part to its SOAP endpoint, which
                //    answers only after a pause longer than its read-timeout.
                assertThat(sEndpoint.awaitContent("hohhot-amr-large-rest-1")).isEqualTo(new Digested(restSha, REST_SIZE));
                figure("SOAP push (MTOM) to S", REST_SIZE, sEndpoint.reading("hohhot-amr-large-rest-1"));

                // 4. A exports the case with attachment content: the zip streams, its entry is the content.
                started = System.nanoTime();
                HttpResponse<InputStream> evidence = http.send(HttpRequest.newBuilder(
                                URI.create(base + "/api/v1/handoffs/hohhot-amr-large-rest/evidence?attachments=include"))
                        .timeout(LONG_CALL).header("Authorization", "Bearer " + aRest.token()).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(evidence.statusCode()).isEqualTo(200);
                Map<String, Digested> entries = new HashMap<>();
                String manifest = null;
                try (ZipInputStream zip = new ZipInputStream(evidence.body())) {
                    for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                        if (entry.getName().equals("manifest.json")) {
                            manifest = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                        } else {
                            entries.put(entry.getName(), digest(zip, Duration.ZERO));
                        }
                    }
                }
                figure("evidence export", REST_SIZE, started);
                assertThat(entries.get("attachments/" + restSha)).isEqualTo(new Digested(restSha, REST_SIZE));
                Map<String, Long> listed = new HashMap<>();
                for (JsonNode file : AgencyRest.JSON.readTree(manifest).get("files")) {
                    listed.put(file.get("path").asString() + " " + file.get("sha256").asString(), file.get("size").asLong());
                }
                assertThat(listed).containsEntry("attachments/" + restSha + " " + restSha, REST_SIZE);

                // 5. A submits another transfer over SOAP, the content inline as an MTOM part.
                byte[] soapDigest = SeededContent.sha256(2, SOAP_SIZE);
                String soapSha = SeededContent.hex(soapDigest);
                ObjectNode soapTransfer = Messages.withAttachment(Messages.referral("hohhot-amr-large-soap", "hohhot-amr-large-soap-1"),
                        "现场勘验.mp4", "video/mp4", SOAP_SIZE, soapSha);
                SubmitRequest request = new SubmitRequest();
                request.setMessage(Messages.toModel(soapTransfer));
                AttachmentContent part = new AttachmentContent();
                part.setSha256(soapSha);
                part.setContent(new DataHandler(SeededContent.dataSource(2, SOAP_SIZE, "video/mp4")));
                request.getAttachmentContents().add(part);
                started = System.nanoTime();
                SubmitResponse soapSubmitted = soapClient(A, base).submit(request);
                figure("SOAP MTOM upload", SOAP_SIZE, started);
                TransportReceipt receipt = ContractXml.fromNode(soapSubmitted.getTransportReceipt().getAny(), TransportReceipt.class);
                assertThat(receipt.getAttachments()).singleElement().satisfies(a -> assertThat(a.getSha256()).isEqualTo(soapSha));

                // 6. P fetches that content over SOAP (an MTOM response); S gets it pushed.
                JsonNode soapDelivery = awaitDelivery(pRest, "hohhot-amr-large-soap-1");
                // The SOAP request by hand: CXF's client closes an MTOM response once the call returns,
                // so the test reads the multipart body itself, as it streams in.
                started = System.nanoTime();
                HttpResponse<InputStream> fetched = http.send(HttpRequest.newBuilder(URI.create(base + "/services/gateway/v1"))
                        .timeout(LONG_CALL)
                        .header("Authorization", "Bearer " + pRest.token())
                        .header("Content-Type", "text/xml; charset=UTF-8")
                        .header("SOAPAction", "\"urn:casebridge:gateway:v1:FetchAttachment\"")
                        .POST(HttpRequest.BodyPublishers.ofString("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                                + "xmlns:cb=\"urn:casebridge:v1\"><soap:Body><cb:FetchAttachmentRequest><cb:sha256>" + soapSha
                                + "</cb:sha256></cb:FetchAttachmentRequest></soap:Body></soap:Envelope>", StandardCharsets.UTF_8))
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(fetched.statusCode()).isEqualTo(200);
                String contentType = fetched.headers().firstValue("Content-Type").orElseThrow();
                assertThat(contentType).startsWith("multipart/related").contains("application/xop+xml");
                try (InputStream body = fetched.body()) {
                    MultipartReader parts = new MultipartReader(body, MultipartReader.boundaryOf(contentType));
                    assertThat(parts.nextPart()).isNotNull();
                    String envelope = new String(parts.content().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(envelope).contains("xop:Include").contains(">" + SOAP_SIZE + "</");
                    assertThat(parts.nextPart()).isNotNull();
                    assertThat(digest(parts.content(), Duration.ZERO)).isEqualTo(new Digested(soapSha, SOAP_SIZE));
                    assertThat(parts.nextPart()).isNull();
                }
                figure("SOAP MTOM fetch", SOAP_SIZE, started);
                assertThat(pRest.acknowledge(soapDelivery.get("dispatchId").asString()).status()).isEqualTo(200);
                assertThat(sEndpoint.awaitContent("hohhot-amr-large-soap-1")).isEqualTo(new Digested(soapSha, SOAP_SIZE));
                figure("SOAP push (MTOM) to S", SOAP_SIZE, sEndpoint.reading("hohhot-amr-large-soap-1"));

                // 7. The gateway never ran out of memory, and its resident set stayed small.
                assertThat(gateway.isRunning()).as("the gateway's JVM is still running").isTrue();
                String log = Files.readString(gateway.logFile());
                assertThat(log).doesNotContain("OutOfMemoryError");
                figures.add("gateway -Xmx" + HEAP + ", peak resident set (VmHWM) " + peakResidentMb(gateway.pid()) + " MB");
                System.out.println("[large attachments] " + figures.getLast());
            } finally {
                keepLog();
            }
        }
    }

    /** The gateway's log outlives the temporary directory, in target/large-attachments.log. */
    private void keepLog() throws IOException {
        Path log = work.resolve("gateway").resolve("large.log");
        if (Files.exists(log)) {
            Files.copy(log, Path.of("target", "large-attachments.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void figure(String leg, long bytes, long startedNanos) {
        figure(leg, bytes, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private void figure(String leg, long bytes, Duration took) {
        double seconds = took.toNanos() / 1e9;
        figures.add(String.format("%-32s %6d MB in %6.1f s: %6.1f MB/s", leg, bytes >> 20, seconds, (bytes >> 20) / seconds));
        System.out.println("[large attachments] " + figures.getLast());
    }

    /** A digest and size, read in one pass; optionally pausing once, early, for {@code pause}. */
    private static Digested digest(InputStream in, Duration pause) throws IOException, InterruptedException {
        MessageDigest digest = SeededContent.newSha256();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        boolean paused = pause.isZero();
        int read;
        while ((read = in.read(buffer)) != -1) {
            digest.update(buffer, 0, read);
            size += read;
            if (!paused && size >= 16L * 1024 * 1024) {
                Thread.sleep(pause);
                paused = true;
            }
        }
        return new Digested(SeededContent.hex(digest.digest()), size);
    }

    record Digested(String sha256, long size) {
    }

    private static JsonNode awaitDelivery(AgencyRest client, String messageId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
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

    /** The gateway's SOAP service with MTOM and a bearer token, streaming requests, waiting long for answers. */
    private static CasebridgeGateway soapClient(String agencyId, String base) {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(CasebridgeGateway.class);
        factory.setAddress(base + "/services/gateway/v1");
        factory.setProperties(new HashMap<>(Map.of("mtom-enabled", Boolean.TRUE,
                "org.apache.cxf.transport.process_fault_on_http_400", Boolean.TRUE)));
        CasebridgeGateway port = factory.create(CasebridgeGateway.class);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setAllowChunking(true);
        policy.setReceiveTimeout(LONG_CALL.toMillis());
        ((HTTPConduit) ClientProxy.getClient(port).getConduit()).setClient(policy);
        CasebridgeRealm.Agency agency = CasebridgeRealm.agency(agencyId);
        String token = KeycloakServer.shared().clientToken(agency.clientId(), agency.secret());
        ((BindingProvider) port).getRequestContext().put(MessageContext.HTTP_REQUEST_HEADERS,
                Map.of("Authorization", List.of("Bearer " + token)));
        return port;
    }

    private static long peakResidentMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * A push agency's SOAP endpoint that digests attachment content as it reads it, after a pause
     * longer than the agency's read-timeout (a slow case system), and keeps only the digests.
     */
    static final class StreamingAgencyEndpoint implements AutoCloseable {

        private final String address = "http://127.0.0.1:" + RunningGateway.freePort() + "/casebridge/deliver";
        private final Map<String, Digested> contentByMessage = new ConcurrentHashMap<>();
        private final Map<String, Duration> readingByMessage = new ConcurrentHashMap<>();
        private final Bus bus;
        private final Server server;

        StreamingAgencyEndpoint(Path spool) throws IOException {
            Files.createDirectories(spool);
            // CXF's embedded HTTP server (Undertow) refuses requests above the bus's attachment-max-size
            // (2 MB unless set): a bus of its own lifts that for this endpoint only.
            bus = BusFactory.newInstance().createBus();
            bus.setProperty("attachment-max-size", Long.MAX_VALUE);
            JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
            factory.setBus(bus);
            factory.setServiceClass(AgencyEndpoint.class);
            factory.setServiceBean(new Implementation());
            factory.setAddress(address);
            factory.setProperties(new HashMap<>(Map.of("mtom-enabled", Boolean.TRUE,
                    "attachment-directory", spool.toString(), "attachment-max-size", Long.MAX_VALUE)));
            server = factory.create();
        }

        String address() {
            return address;
        }

        /** How long the endpoint took to read the content, from its first byte to its last. */
        Duration reading(String messageId) {
            return readingByMessage.get(messageId);
        }

        Digested awaitContent(String messageId) {
            await().atMost(Duration.ofMinutes(5)).until(() -> contentByMessage.containsKey(messageId));
            return contentByMessage.get(messageId);
        }

        @Override
        public void close() {
            server.stop();
            server.destroy();
            bus.shutdown(true);
        }

        @WebService(serviceName = "AgencyEndpointService", portName = "AgencyEndpointPort",
                targetNamespace = "urn:casebridge:agency:v1",
                endpointInterface = "org.casebridge.contracts.v1.agency.AgencyEndpoint")
        public final class Implementation implements AgencyEndpoint {
            @Override
            public DeliverResponse deliver(DeliverRequest request) {
                var delivery = request.getDelivery();
                if (delivery.getKind() == DispatchKind.MESSAGE) {
                    String messageId = ContractXml.fromNode(delivery.getDocument().getAny(), SealedMessage.class)
                            .getMessage().getMessageId();
                    for (AttachmentContent part : delivery.getAttachmentContents()) {
                        try (InputStream in = part.getContent().getInputStream()) {
                            Thread.sleep(3000);
                            long started = System.nanoTime();
                            Digested content = digest(in, Duration.ZERO);
                            readingByMessage.put(messageId, Duration.ofNanos(System.nanoTime() - started));
                            contentByMessage.put(messageId, content);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    }
                }
                DeliverResponse response = new DeliverResponse();
                response.setDispatchId(delivery.getDispatchId());
                response.setAcknowledgedBy(S + " case system");
                return response;
            }
        }
    }
}
