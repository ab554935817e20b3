package org.casebridge.gateway.faults;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.casebridge.contracts.codec.CanonicalJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one scenario sent and what its recipients got, kept by the test alone (from HTTP answers
 * and arrivals, not from the gateway's database): which messages were accepted with which
 * transport receipt, and every arrival at every recipient by dispatch id, repeats included.
 */
final class Ledger {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A message the gateway accepted: the first answer with a receipt, and how many answers there were. */
    record Accepted(String messageId, String handoffId, String sender, List<String> recipients, String receiptId,
            String messageSha256, String body, int status) {
    }

    /**
     * The first arrival of one dispatch.
     *
     * @param ackedBy for a delivery receipt: the agency whose acknowledgement it reports
     */
    record Arrival(long order, String recipient, String dispatchId, String kind, String messageId, String handoffId,
            String ackedBy, String messageType, String deliveredSha256, String body) {
    }

    private final String prefix;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> receiptIds = new ConcurrentHashMap<>();
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> arrivalCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentSkipListMap<>();
    private final AtomicInteger repeatAnswers = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong order = new AtomicLong();

    /**
     * @param prefix every handoff of the scenario starts with it after its sender's id and a dash
     *               (ids are the sender's); arrivals of other scenarios are ignored
     */
    Ledger(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** An answer with a transport receipt (201 first time, 200 for a repeat). */
    void accepted(String messageId, int status, String body) {
        JsonNode receipt = JSON.readTree(body).path("receipt");
        List<String> recipients = new ArrayList<>();
        receipt.path("recipients").forEach(r -> recipients.add(r.asString()));
        Accepted answer = new Accepted(messageId, receipt.path("handoffId").asString(), receipt.path("sender").asString(),
                List.copyOf(recipients), receipt.path("receiptId").asString(), receipt.path("messageSha256").asString(),
                body, status);
        accepted.putIfAbsent(messageId, answer);
        receiptIds.computeIfAbsent(messageId, k -> ConcurrentHashMap.newKeySet()).add(answer.receiptId());
        if (status == 200) {
            repeatAnswers.incrementAndGet();
        }
    }

    /** A submission that got no receipt: a status code or the kind of connection failure. */
    void failed(String what) {
        failures.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A submission given up on because the gateway kept refusing it (4xx): must never happen. */
    void refused(String what) {
        refused.incrementAndGet();
        failed("refused " + what);
    }

    /** A delivery as pushed or as listed by the inbox: {"dispatchId", "kind", "sealedMessage" | "deliveryReceipt"}. */
    boolean arrived(String recipient, String deliveryJson, String via) {
        JsonNode delivery = JSON.readTree(deliveryJson);
        String dispatchId = delivery.path("dispatchId").asString();
        String kind = delivery.path("kind").asString();
        JsonNode document = delivery.has("sealedMessage") ? delivery.path("sealedMessage").path("message")
                : delivery.path("deliveryReceipt").path("receipt");
        String handoffId = document.path("handoffId").asString();
        if (!handoffId.startsWith("hohhot-amr-" + prefix) && !handoffId.startsWith("baotou-tax-" + prefix)) {
            return false;
        }
        AtomicInteger count = arrivalCounts.computeIfAbsent(dispatchId, k -> new AtomicInteger());
        if (count.incrementAndGet() > 1) {
            return false;
        }
        boolean message = delivery.has("sealedMessage");
        arrivals.put(dispatchId, new Arrival(order.incrementAndGet(), recipient, dispatchId, kind,
                document.path("messageId").asString(), handoffId,
                message ? null : document.path("recipient").asString(),
                message ? document.path("type").asString() : document.path("messageType").asString(),
                message ? sha256Hex(CanonicalJson.bytes(document)) : document.path("messageSha256").asString(),
                deliveryJson));
        return true;
    }

    Map<String, Accepted> accepted() {
        return Map.copyOf(accepted);
    }

    Map<String, Set<String>> receiptIds() {
        return Map.copyOf(receiptIds);
    }

    List<Arrival> arrivals() {
        return arrivals.values().stream().sorted(java.util.Comparator.comparingLong(Arrival::order)).toList();
    }

    Arrival arrival(String dispatchId) {
        return arrivals.get(dispatchId);
    }

    int rawRedeliveries() {
        return arrivalCounts.values().stream().mapToInt(c -> c.get() - 1).sum();
    }

    Map<String, Integer> failures() {
        Map<String, Integer> copy = new TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    int repeatAnswers() {
        return repeatAnswers.get();
    }

    int refusedCount() {
        return refused.get();
    }

    int acceptedCount() {
        return accepted.size();
    }

    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
