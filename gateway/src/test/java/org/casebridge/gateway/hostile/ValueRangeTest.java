package org.casebridge.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dates and times the XSD allows but the store cannot keep (issue 14, finding 1): a transfer
 * with a sentAt of year -999999999 was accepted over SOAP, stored as -infinity and jammed the
 * recipient's inbox. Each such value is now refused alike over SOAP and REST, with
 * CONTRACT_VIOLATION naming the field and nothing kept; the boundary values that are accepted
 * read back exactly, and the inboxes keep working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValueRangeTest {

    private static final List<String> TABLES = List.of("handoff", "message", "message_party", "dispatch", "outbox", "receipt");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger ids = new AtomicInteger();
    private RunningGateway gateway;
    private AgencyRest amr;
    private AgencyRest police;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory("value-range");
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        gateway = RunningGateway.start(work.resolve("data"), agencies);
        amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
        police = new AgencyRest("hohhot-psb", gateway.baseUrl());
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    /** A value put into one field of the example transfer, and the field the refusal must name. */
    record Case(String element, String value, String field) {
        @Override
        public String toString() {
            return element + " = " + value;
        }
    }

    static Stream<Case> refused() {
        return Stream.of(
                new Case("sentAt", "-999999999-01-01T00:00:00Z", "sentAt"),
                new Case("sentAt", "-0001-06-01T00:00:00Z", "sentAt"),
                new Case("sentAt", "0000-06-01T00:00:00Z", "sentAt"),
                new Case("sentAt", "1899-12-31T23:59:59Z", "sentAt"),
                new Case("sentAt", "2026-01-01T12:00:00.1234567Z", "sentAt"),
                new Case("sentAt", "2026-01-01T12:00:00+15:00", "sentAt"),
                new Case("sentAt", "2026-01-01T12:00:00-14:30", "sentAt"),
                new Case("sentAt", "2016-12-31T23:59:60Z", "sentAt"),
                new Case("sentAt", "2026-01-01T24:00:00Z", "sentAt"),
                new Case("dated", "-999999999-01-01", "dated"),
                new Case("dated", "0000-01-01", "dated"),
                new Case("dated", "-0044-03-15", "dated"),
                new Case("dated", "1899-12-31", "dated"),
                new Case("dated", "3000-01-01", "dated"),
                new Case("dated", "9999-12-31", "dated"),
                new Case("dated", "999999999-12-31", "dated"),
                new Case("issuedOn", "-999999999-01-01", "issuedOn"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isRefusedAlikeOverSoapAndRestAndNothingIsKept(Case value) throws Exception {
        Map<String, Integer> before = counts();
        String id = "hohhot-amr-range-" + ids.incrementAndGet();
        HttpResponse<String> soap = submitSoap(transferXml(id, value.element(), value.value()));
        assertThat(soap.statusCode()).as("SOAP: " + soap.body()).isEqualTo(400);
        assertThat(soap.body()).as("SOAP").contains("code>CONTRACT_VIOLATION</").containsAnyOf(value.field(), value.value());

        AgencyRest.Response rest = amr.submit(transferJson(id, value.element(), value.value()));
        assertThat(rest.status()).as("REST: " + rest.body()).isEqualTo(400);
        assertThat(rest.json().path("code").asString()).as("REST").isEqualTo("CONTRACT_VIOLATION");
        assertThat(rest.json().path("field").asString()).as("REST").contains(value.field());

        assertThat(counts()).isEqualTo(before);
        assertThat(police.inbox().status()).isEqualTo(200);
    }

    /** The edges of the range, with the widest offsets and finest fraction kept, are stored and read back exactly. */
    @Test
    void theEdgesOfTheRangeAreAcceptedAndReadBackExactly() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(-12)).truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        String sentAt = SECONDS.format(now).replace("-12:00", "") + ".123456-12:00";
        String soapId = "hohhot-amr-range-edge-soap";
        String xml = transferXml(soapId, "sentAt", sentAt).replaceFirst("<cb:dated>[^<]*</cb:dated>", "<cb:dated>1900-01-01</cb:dated>")
                .replaceFirst("<cb:issuedOn>[^<]*</cb:issuedOn>", "<cb:issuedOn>2999-12-31</cb:issuedOn>");
        HttpResponse<String> soap = submitSoap(xml);
        assertThat(soap.statusCode()).as(soap.body()).isEqualTo(200);

        String restId = "hohhot-amr-range-edge-rest";
        String restSentAt = SECONDS.format(now.withOffsetSameInstant(ZoneOffset.ofHours(14))).replace("+14:00", "") + ".000001+14:00";
        ObjectNode json = transferJson(restId, "sentAt", restSentAt);
        ((ObjectNode) json.at("/payload/referral/transferLetter")).put("dated", "2999-12-31");
        ((ObjectNode) json.at("/payload/referral/expertReports/0")).put("issuedOn", "1900-01-01");
        AgencyRest.Response rest = amr.submit(json);
        assertThat(rest.status()).as(rest.body()).isEqualTo(201);

        JsonNode soapBack = amr.get("/api/v1/messages/" + soapId).json().path("message");
        assertThat(soapBack.path("sentAt").asString()).isEqualTo(sentAt);
        assertThat(soapBack.at("/payload/referral/transferLetter/dated").asString()).isEqualTo("1900-01-01");
        assertThat(soapBack.at("/payload/referral/expertReports/0/issuedOn").asString()).isEqualTo("2999-12-31");
        JsonNode restBack = amr.get("/api/v1/messages/" + restId).json().path("message");
        assertThat(restBack.path("sentAt").asString()).isEqualTo(restSentAt);
        assertThat(restBack.at("/payload/referral/transferLetter/dated").asString()).isEqualTo("2999-12-31");

        // Both are in the police's inbox, can be read there and acknowledged.
        AgencyRest.Response inbox = police.inbox();
        assertThat(inbox.status()).as(inbox.body()).isEqualTo(200);
        List<String> delivered = inbox.json().path("deliveries").valueStream()
                .map(d -> d.at("/sealedMessage/message/messageId").asString()).toList();
        assertThat(delivered).contains(soapId, restId);
        for (JsonNode delivery : inbox.json().path("deliveries")) {
            assertThat(police.acknowledge(delivery.path("dispatchId").asString()).status()).isEqualTo(200);
        }
        assertThat(police.get("/api/v1/handoffs/" + soapId.replace("-soap", "-soap-h")).status()).isEqualTo(200);
    }

    private Map<String, Integer> counts() {
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, database.sql("SELECT count(*) FROM " + table).query(Integer.class).single());
        }
        return counts;
    }

    private HttpResponse<String> submitSoap(String messageXml) throws Exception {
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cb=\"urn:casebridge:v1\">"
                + "<soap:Body><cb:SubmitRequest>" + messageXml + "</cb:SubmitRequest></soap:Body></soap:Envelope>";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/services/gateway/v1"))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:casebridge:gateway:v1:Submit\"")
                .header("Authorization", "Bearer " + amr.token())
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The contract's example transfer from the Hohhot regulator to the Hohhot police, one element changed. */
    private static String transferXml(String id, String element, String value) throws Exception {
        try (var in = ValueRangeTest.class.getClassLoader().getResourceAsStream("casebridge/v1/examples/transfer-without-attachments.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String sentAt = SECONDS.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS).minusSeconds(5));
            xml = xml.substring(xml.indexOf("<cb:Message"))
                    .replace("<cb:agency>ordos-eeb</cb:agency>", "<cb:agency>hohhot-amr</cb:agency>")
                    .replace("<cb:agency>ordos-psb</cb:agency>", "<cb:agency>hohhot-psb</cb:agency>")
                    .replace("<cb:agency>ordos-procuratorate</cb:agency>", "<cb:agency>hohhot-procuratorate</cb:agency>")
                    .replaceFirst("<cb:messageId>[^<]*</cb:messageId>", "<cb:messageId>" + id + "</cb:messageId>")
                    .replaceFirst("<cb:handoffId>[^<]*</cb:handoffId>", "<cb:handoffId>" + id + "-h</cb:handoffId>")
                    .replaceFirst("<cb:sentAt>[^<]*</cb:sentAt>", "<cb:sentAt>" + sentAt + "</cb:sentAt>");
            assertThat(xml).contains("<cb:" + element + ">");
            return xml.replaceFirst("<cb:" + element + ">[^<]*</cb:" + element + ">", "<cb:" + element + ">" + value + "</cb:" + element + ">");
        }
    }

    private static ObjectNode transferJson(String id, String element, String value) {
        ObjectNode message = Messages.example("transfer-without-attachments");
        ((ObjectNode) message.get("sender")).put("agency", "hohhot-amr");
        ((ObjectNode) message.get("recipient")).put("agency", "hohhot-psb");
        ((ObjectNode) message.get("copyTo").get(0)).put("agency", "hohhot-procuratorate");
        message.put("messageId", id).put("handoffId", id + "-h");
        List<JsonNode> holders = message.findParents(element);
        assertThat(holders).isNotEmpty();
        ((ObjectNode) holders.getFirst()).put(element, value);
        return message;
    }
}
