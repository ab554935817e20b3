package org.casebridge.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.codec.Timestamps;
import org.casebridge.contracts.v1.SealedMessage;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * Schema-driven fuzzing (issue 14, finding 1): messages generated from the contract's XSD, every
 * element of every payload type along the Chinese profile's main path (transfer, receipt,
 * deficiency notice, supplement, decision, and the procedural notices of investigation and
 * prosecution review), with boundary and extreme values the schema allows, alternately
 * over REST (JSON) and SOAP (XML). Each message is either refused with a 4xx, nothing kept, and
 * the same code for its twin in the other encoding; or accepted, read back equal, accepted again
 * unchanged as its twin in the other encoding, delivered equal to each recipient (in the encoding
 * it came in), listed in its handoff, acknowledged and exported, without a 5xx anywhere. Replies
 * follow the lifecycle: a refused step is followed by a tame one, so the handoff goes on.
 *
 * <p>Seeded and reproducible: {@code -Dcasebridge.fuzz.seed=14 -Dcasebridge.fuzz.messages=300}
 * (the defaults; a longer run takes more messages). Figures go to stdout and
 * {@code gateway/target/fuzz/summary.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaFuzzTest {

    private static final long SEED = Long.getLong("casebridge.fuzz.seed", 14);
    private static final int MESSAGES = Integer.getInteger("casebridge.fuzz.messages", 300);
    private static final List<String> TABLES = List.of("handoff", "message", "message_party", "message_attachment", "dispatch",
            "outbox", "receipt", "seal", "handoff_event", "handoff_clock");
    private static final String AMR = "hohhot-amr";
    private static final String PSB = "hohhot-psb";
    private static final String PROCURATORATE = "hohhot-procuratorate";
    private static final Pattern SOAP_CODE = Pattern.compile("<(?:\\w+:)?code>([A-Z_]+)</");

    /**
     * One step of the main path: who sends what to whom, with which payload, and the values the
     * lifecycle needs (a path to a fixed value, or to "#n" for a fixed count).
     */
    record Step(String type, String payload, String sender, String recipient, List<String> copies, Map<String, String> pinned) {
        Step(String type, String payload, String sender, String recipient, List<String> copies) {
            this(type, payload, sender, recipient, copies, Map.of());
        }
    }

    private static final String OUTCOME = "Message/payload/notice/outcome";

    /** Transfer to indictment: every payload type of the contract, each procedural notice in its place. */
    private static final List<Step> PATH = List.of(
            new Step("REFERRAL_SUBMIT", "referral", AMR, PSB, List.of(PROCURATORATE)),
            new Step("RECEIPT", "receipt", PSB, AMR, List.of(), Map.of("Message/payload/receipt/jurisdiction", "ACCEPTED",
                    "Message/payload/receipt/forwardedTo", "#0")),
            new Step("DEFICIENCY_NOTICE", "deficiencyNotice", PSB, AMR, List.of()),
            new Step("SUPPLEMENT", "supplement", AMR, PSB, List.of()),
            new Step("DECISION", "decision", PSB, AMR, List.of(PROCURATORATE), Map.of("Message/payload/decision/outcome", "REGISTER")),
            new Step("CASE_STATUS", "notice", PSB, AMR, List.of(), Map.of(OUTCOME, "INVESTIGATING")),
            new Step("PROSECUTION_TRANSFER", "notice", PSB, PROCURATORATE, List.of(), Map.of(OUTCOME, "#0")),
            new Step("PROSECUTION_ACCEPTANCE", "notice", PROCURATORATE, PSB, List.of(), Map.of(OUTCOME, "#0")),
            new Step("SUPPLEMENTARY_INVESTIGATION", "notice", PROCURATORATE, PSB, List.of(), Map.of(OUTCOME, "#0",
                    "Message/payload/notice/round", "1")),
            new Step("RESUBMISSION", "notice", PSB, PROCURATORATE, List.of(), Map.of(OUTCOME, "#0")),
            new Step("PROSECUTION_DECISION", "notice", PROCURATORATE, PSB, List.of(), Map.of(OUTCOME, "INDICT")));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AgencyRest> agencies = new LinkedHashMap<>();
    private final Map<String, Integer> refusedByCode = new TreeMap<>();
    private final Map<String, Integer> refusedByType = new TreeMap<>();
    private final Map<String, String> firstRefusal = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private Path work;
    private RunningGateway gateway;
    private JdbcClient database;
    private int generated;
    private int accepted;
    private int serverErrors;
    private int tameRefused;
    private int sequence;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("schema-fuzz");
        Path file = TestAgencies.pull(work, AMR, PSB, PROCURATORATE);
        gateway = RunningGateway.start(work.resolve("data"), file, Map.of("casebridge.rate-limit.requests-per-second", "10000", "casebridge.rate-limit.burst", "10000"));
        database = gateway.context().getBean(JdbcClient.class);
        for (String id : List.of(AMR, PSB, PROCURATORATE)) {
            agencies.put(id, new AgencyRest(id, gateway.baseUrl()));
        }
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void everyGeneratedMessageIsRefusedCleanlyOrKeptExactly() throws Exception {
        Random random = new Random(SEED);
        MessageGenerator generator = new MessageGenerator(XsdModel.load(), random, 0.25);
        long started = System.nanoTime();
        int handoffs = 0;
        while (generated < MESSAGES) {
            handoffs++;
            String handoffId = AMR + "-h-fuzz-" + SEED + "-" + handoffs;
            String previous = null;
            for (Step step : PATH) {
                if (generated >= MESSAGES) {
                    break;
                }
                boolean soap = generated % 2 == 1;
                String accepted = attempt(generator, step, handoffId, previous, soap, false);
                if (accepted == null) {
                    accepted = attempt(generator, step, handoffId, previous, soap, true);
                    if (accepted == null) {
                        tameRefused++;
                        break;
                    }
                }
                previous = accepted;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        long extremes = generator.extremePaths().stream().map(p -> p.replace("#count", "")).distinct().count();
        StringBuilder summary = new StringBuilder()
                .append("Schema fuzz (seed ").append(SEED).append(", ").append(MESSAGES).append(" messages asked)\n")
                .append("  messages generated: ").append(generated).append(" in ").append(handoffs).append(" handoffs, ")
                .append(String.format("%.1f s", seconds)).append('\n')
                .append("  accepted (read back, twin, delivered, listed, acknowledged, exported): ").append(accepted).append('\n')
                .append("  refused by code: ").append(refusedByCode).append('\n')
                .append("  refused by type: ").append(refusedByType).append('\n')
                .append("  tame steps refused (handoff ended): ").append(tameRefused).append('\n')
                .append("  element paths generated: ").append(generator.paths().size()).append(", given extremes: ").append(extremes)
                .append('\n')
                .append("  5xx: ").append(serverErrors).append('\n')
                .append("  failures: ").append(failures.size()).append('\n');
        failures.stream().limit(30).forEach(f -> summary.append("    ").append(f).append('\n'));
        summary.append("  first refusal of each kind:\n");
        firstRefusal.forEach((kind, answer) -> summary.append("    ").append(kind).append(": ")
                .append(answer, 0, Math.min(answer.length(), 300)).append('\n'));
        System.out.println(summary);
        Path out = Path.of("target", "fuzz");
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.txt"), summary);

        assertThat(serverErrors).as(summary.toString()).isZero();
        assertThat(failures).as(summary.toString()).isEmpty();
        assertThat(accepted).as("the generator must produce acceptable messages too").isGreaterThan(MESSAGES / 4);
        assertThat(refusedByCode).as("and refused ones").isNotEmpty();
    }

    /** Generates, sends and checks one message; its id if it was accepted, null if refused. */
    private String attempt(MessageGenerator generator, Step step, String handoffId, String inReplyTo, boolean soap, boolean tame)
            throws Exception {
        generated++;
        boolean fuzzEnvelope = !tame && generated % 7 == 3; // now and then the envelope's own values are left to the schema
        String shortId = step.sender() + "-m-fuzz-" + SEED + "-" + (++sequence);
        String messageId = fuzzEnvelope ? shortId + "-" + "x".repeat(127 - shortId.length()) : shortId; // the longest id
        String sentAt = Timestamps.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS).minusSeconds(2));
        FuzzTree message = generator.message(new MessageGenerator.Plan() {
            @Override
            public String fixed(String path) {
                return switch (path) {
                    case "Message/messageId" -> messageId;
                    case "Message/handoffId" -> handoffId;
                    case "Message/inReplyTo" -> inReplyTo;
                    case "Message/type" -> step.type();
                    case "Message/profile" -> "cn";
                    case "Message/sender/agency" -> step.sender();
                    case "Message/recipient/agency" -> step.recipient();
                    case "Message/copyTo/agency" -> step.copies().getFirst();
                    case "Message/sentAt" -> fuzzEnvelope ? null : sentAt;
                    default -> {
                        String pinned = step.pinned().get(path);
                        yield pinned == null || pinned.startsWith("#") ? null : pinned;
                    }
                };
            }

            @Override
            public int count(String path) {
                return switch (path) {
                    case "Message/inReplyTo" -> inReplyTo == null ? 0 : 1;
                    case "Message/copyTo" -> step.copies().size();
                    default -> {
                        String pinned = step.pinned().get(path);
                        yield pinned == null ? -1 : pinned.startsWith("#") ? Integer.parseInt(pinned.substring(1)) : 1;
                    }
                };
            }

            @Override
            public String choice(String path) {
                return step.payload();
            }
        }, tame);
        fixSemantics(message, step.sender());

        String name = step.type() + (tame ? " (tame)" : "") + " " + messageId + (soap ? " over SOAP" : " over REST");
        Map<String, Integer> before = counts();
        Answer answer = submit(message, soap, step.sender());
        if (answer.status() >= 500) {
            serverErrors++;
            failures.add(name + ": " + answer);
            return null;
        }
        if (answer.status() >= 400) {
            refusedByCode.merge(answer.code(), 1, Integer::sum);
            String kind = step.type() + (tame ? " (tame)" : "") + " " + answer.code();
            refusedByType.merge(kind, 1, Integer::sum);
            firstRefusal.putIfAbsent(kind, answer.toString().replaceAll("\\s+", " "));
            Map<String, Integer> after = counts();
            if (!after.equals(before)) {
                failures.add(name + " refused " + answer.code() + " but kept rows: " + before + " -> " + after);
            }
            Answer twin = submit(message, !soap, step.sender());
            if (twin.status() >= 500) {
                serverErrors++;
                failures.add(name + ": its twin: " + twin);
            } else if (twin.status() < 400 || !answer.code().equals(twin.code())) {
                failures.add(name + " refused " + answer + " but its twin in the other encoding got " + twin);
            }
            return null;
        }
        accepted++;
        check(name, message, messageId, handoffId, step, soap);
        return messageId;
    }

    /** Content for each attachment (uploaded by the sender), digests that point to it, a handling code that fits its scheme. */
    private void fixSemantics(FuzzTree message, String sender) throws Exception {
        List<String> digests = new ArrayList<>();
        for (FuzzTree attachment : message.find(n -> n.xmlName.equals("attachment"))) {
            byte[] content = ("fuzz content " + SEED + "/" + sequence + "/" + digests.size()).getBytes(StandardCharsets.UTF_8);
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            Path file = Files.write(work.resolve(sha256), content);
            String mediaType = attachment.child("mediaType").xmlText;
            AgencyRest.Response uploaded = agencies.get(sender).upload(file, mediaType);
            if (uploaded.status() >= 500) {
                serverErrors++;
                failures.add("upload as " + mediaType + ": " + uploaded);
            }
            attachment.child("size").leaf(Integer.toString(content.length), MessageGenerator.number(content.length),
                    MessageGenerator.number(content.length));
            attachment.child("sha256").text(sha256);
            digests.add(sha256);
        }
        Random pick = new Random(sequence);
        if (digests.isEmpty()) {
            message.removeAll(n -> n.xmlName.equals("attachmentSha256"));
        } else {
            message.find(n -> n.xmlName.equals("attachmentSha256")).forEach(n -> n.text(digests.get(pick.nextInt(digests.size()))));
        }
        for (FuzzTree marking : message.find(n -> n.xmlName.equals("marking"))) {
            List<String> values = switch (marking.child("scheme").xmlText) {
                case "TLP_2" -> List.of("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED");
                case "UK_3X5X2" -> List.of("1A-P", "3E-C");
                default -> List.of("A1-H0", "X4-H3");
            };
            marking.child("value").text(values.get(pick.nextInt(values.size())));
        }
    }

    /** Read back, twin, delivery to each recipient, listing, acknowledgement, export. */
    private void check(String name, FuzzTree message, String messageId, String handoffId, Step step, boolean soap) throws Exception {
        JsonNode expected = normalize(message.expectedJson());
        AgencyRest sender = agencies.get(step.sender());
        AgencyRest.Response read = sender.get("/api/v1/messages/" + messageId);
        if (read.status() != 200) {
            note(name + ": read back " + read, read.status());
        } else if (!normalize(read.json().path("message")).equals(expected)) {
            failures.add(name + ": read back differs: " + firstDifference(expected, normalize(read.json().path("message")), ""));
        }
        Answer twin = submit(message, !soap, step.sender());
        if (twin.status() >= 400) {
            note(name + ": its twin in the other encoding was not taken as a repeat: " + twin, twin.status());
        }
        List<String> recipients = new ArrayList<>(List.of(step.recipient()));
        recipients.addAll(step.copies());
        for (String recipient : recipients) {
            String state = null;
            for (long until = System.nanoTime() + 20_000_000_000L; System.nanoTime() < until && !"AVAILABLE".equals(state); Thread.sleep(20)) {
                state = database.sql("SELECT state FROM dispatch WHERE message_id = ? AND recipient_agency = ? AND kind = 'MESSAGE'")
                        .params(messageId, recipient).query(String.class).optional().orElse(null);
            }
            if (!"AVAILABLE".equals(state)) {
                failures.add(name + ": its dispatch to " + recipient + " is " + state + ", not in the inbox");
                continue;
            }
            JsonNode delivered = soap ? deliverOverSoap(name, recipient, messageId) : deliverOverRest(name, recipient, messageId);
            if (delivered != null && !normalize(delivered).equals(expected)) {
                failures.add(name + ": delivered to " + recipient + " differs: " + firstDifference(expected, normalize(delivered), ""));
            }
        }
        for (AgencyRest agency : agencies.values()) {
            drain(agency);
        }
        AgencyRest.Response handoff = sender.get("/api/v1/handoffs/" + handoffId);
        if (handoff.status() != 200) {
            note(name + ": handoff read " + handoff, handoff.status());
        } else if (handoff.json().path("messages").valueStream().noneMatch(m -> m.path("messageId").asString().equals(messageId))) {
            failures.add(name + ": not listed in its handoff");
        }
        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/handoffs/" + handoffId + "/evidence"))
                .header("Authorization", "Bearer " + sender.token()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (export.statusCode() != 200) {
            note(name + ": export " + export.statusCode() + " " + new String(export.body(), StandardCharsets.UTF_8), export.statusCode());
        }
    }

    private void note(String failure, int status) {
        if (status >= 500) {
            serverErrors++;
        }
        failures.add(failure);
    }

    private JsonNode deliverOverRest(String name, String recipient, String messageId) {
        AgencyRest agency = agencies.get(recipient);
        AgencyRest.Response page = agency.inbox();
        if (page.status() != 200) {
            note(name + ": inbox of " + recipient + " " + page, page.status());
            return null;
        }
        for (JsonNode delivery : page.json().path("deliveries")) {
            JsonNode sealed = delivery.at("/sealedMessage/message");
            if (sealed.path("messageId").asString().equals(messageId)) {
                AgencyRest.Response ack = agency.acknowledge(delivery.path("dispatchId").asString());
                if (ack.status() != 200) {
                    note(name + ": acknowledgement by " + recipient + " " + ack, ack.status());
                }
                return sealed;
            }
        }
        failures.add(name + ": not in the inbox of " + recipient);
        return null;
    }

    private JsonNode deliverOverSoap(String name, String recipient, String messageId) throws Exception {
        HttpResponse<String> page = soap(recipient, "FetchInbox", "<cb:FetchInboxRequest><cb:max>100</cb:max></cb:FetchInboxRequest>");
        if (page.statusCode() != 200) {
            note(name + ": SOAP inbox of " + recipient + " " + page.statusCode() + " " + page.body(), page.statusCode());
            return null;
        }
        Document document = ContractXml.parse(new ByteArrayInputStream(envelopeOf(page.body()).getBytes(StandardCharsets.UTF_8)));
        NodeList deliveries = document.getElementsByTagNameNS(ContractXml.NAMESPACE, "delivery");
        for (int i = 0; i < deliveries.getLength(); i++) {
            Element delivery = (Element) deliveries.item(i);
            NodeList sealed = delivery.getElementsByTagNameNS(ContractXml.NAMESPACE, "SealedMessage");
            if (sealed.getLength() == 0) {
                continue;
            }
            SealedMessage message = ContractXml.fromNode(sealed.item(0), SealedMessage.class);
            if (message.getMessage().getMessageId().equals(messageId)) {
                String dispatchId = delivery.getElementsByTagNameNS(ContractXml.NAMESPACE, "dispatchId").item(0).getTextContent();
                HttpResponse<String> ack = soap(recipient, "Acknowledge",
                        "<cb:AcknowledgeRequest><cb:dispatchId>" + dispatchId + "</cb:dispatchId></cb:AcknowledgeRequest>");
                if (ack.statusCode() != 200) {
                    note(name + ": SOAP acknowledgement by " + recipient + " " + ack.statusCode() + " " + ack.body(), ack.statusCode());
                }
                return ContractJson.toTree(message.getMessage());
            }
        }
        failures.add(name + ": not in the SOAP inbox of " + recipient);
        return null;
    }

    /** Acknowledges whatever else waits (delivery receipts, warnings), so inbox pages stay small. */
    private void drain(AgencyRest agency) {
        AgencyRest.Response page = agency.inbox();
        if (page.status() != 200) {
            note("inbox of " + agency.agencyId() + " " + page, page.status());
            return;
        }
        for (JsonNode delivery : page.json().path("deliveries")) {
            AgencyRest.Response ack = agency.acknowledge(delivery.path("dispatchId").asString());
            if (ack.status() != 200) {
                note("acknowledgement by " + agency.agencyId() + " " + ack, ack.status());
            }
        }
    }

    /** An answer to a submission: status and stable code. */
    record Answer(int status, String code, String body) {
        @Override
        public String toString() {
            return status + " " + code + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
        }
    }

    private Answer submit(FuzzTree message, boolean soap, String sender) throws Exception {
        if (!soap) {
            AgencyRest.Response response = agencies.get(sender).submit(message.json().toString());
            String code = response.status() >= 400 && response.body().startsWith("{") ? response.json().path("code").asString() : null;
            return new Answer(response.status(), code, response.body());
        }
        HttpResponse<String> response = soap(sender, "Submit", "<cb:SubmitRequest>" + message.xml() + "</cb:SubmitRequest>");
        Matcher code = SOAP_CODE.matcher(response.body());
        return new Answer(response.statusCode(), response.statusCode() >= 400 && code.find() ? code.group(1) : null,
                envelopeOf(response.body()));
    }

    private HttpResponse<String> soap(String agency, String operation, String body) throws Exception {
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cb=\"urn:casebridge:v1\">"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/services/gateway/v1"))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:casebridge:gateway:v1:" + operation + "\"")
                .header("Authorization", "Bearer " + agencies.get(agency).token())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The SOAP envelope of an answer that may come as the root part of an MTOM package. */
    private static String envelopeOf(String body) {
        int start = body.indexOf("<soap:Envelope");
        int end = body.lastIndexOf("</soap:Envelope>");
        return start < 0 || end < 0 ? body : body.substring(start, end + "</soap:Envelope>".length());
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, database.sql("SELECT count(*) FROM " + table).query(Integer.class).single());
        }
        return counts;
    }

    /** Numbers of one kind (an int and a long of one value are equal), by a round trip through text. */
    private static JsonNode normalize(JsonNode node) {
        return AgencyRest.JSON.readTree(node.toString());
    }

    private static String firstDifference(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject() && actual.isObject()) {
            for (var member : expected.properties()) {
                if (!actual.has(member.getKey())) {
                    return path + "/" + member.getKey() + " missing";
                }
                if (!member.getValue().equals(actual.get(member.getKey()))) {
                    return firstDifference(member.getValue(), actual.get(member.getKey()), path + "/" + member.getKey());
                }
            }
            for (var member : actual.properties()) {
                if (!expected.has(member.getKey())) {
                    return path + "/" + member.getKey() + " unexpected";
                }
            }
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    return firstDifference(expected.get(i), actual.get(i), path + "/" + i);
                }
            }
        }
        return path + ": expected " + abbreviate(expected) + ", got " + abbreviate(actual);
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
