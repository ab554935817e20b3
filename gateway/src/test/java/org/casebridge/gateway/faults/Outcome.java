package org.casebridge.gateway.faults;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The end state of a scenario, judged from the ledger alone: what every recipient should have got
 * (one delivery per recipient of every accepted message, one delivery receipt per acknowledgement
 * for the senders that collect theirs), what it got, and whether the signatures hold.
 */
final class Outcome {

    /** Senders whose delivery receipts the test collects (the Baotou tax bureau's are checked in the database). */
    static final Set<String> COLLECTED_SENDERS = Set.of("hohhot-amr", "hohhot-psb");

    final String scenario;
    final int accepted;
    final int expected;
    final int delivered;
    final List<String> lost = new ArrayList<>();
    final List<String> duplicated = new ArrayList<>();
    final List<String> altered = new ArrayList<>();
    final List<String> unexpected = new ArrayList<>();
    final List<String> outOfOrder = new ArrayList<>();
    final List<String> badReceipts = new ArrayList<>();
    final int redeliveries;
    int receiptsVerified;
    int sealsVerified;
    int joseSample;
    final Map<String, Integer> failures;
    final int repeats;
    final int refused;
    final Duration wall;
    final List<String> notes = new ArrayList<>();

    Outcome(String scenario, Ledger ledger, JWKSet keys, Duration wall) {
        this.scenario = scenario;
        this.wall = wall;
        Map<String, Ledger.Accepted> accepted = ledger.accepted();
        this.accepted = accepted.size();
        this.failures = ledger.failures();
        this.repeats = ledger.repeatAnswers();
        this.refused = ledger.refusedCount();
        this.redeliveries = ledger.rawRedeliveries();

        Set<String> expectedKeys = new HashSet<>();
        for (Ledger.Accepted a : accepted.values()) {
            for (String recipient : a.recipients()) {
                expectedKeys.add(messageKey(recipient, a.messageId()));
                if (COLLECTED_SENDERS.contains(a.sender())) {
                    expectedKeys.add(receiptKey(a.sender(), a.messageId(), recipient));
                }
            }
            verifyReceipt(a, ledger.receiptIds().get(a.messageId()), keys);
        }
        Map<String, List<Ledger.Arrival>> byKey = new HashMap<>();
        for (Ledger.Arrival arrival : ledger.arrivals()) {
            String key = arrival.kind().equals("MESSAGE") ? messageKey(arrival.recipient(), arrival.messageId())
                    : receiptKey(arrival.recipient(), arrival.messageId(), arrival.ackedBy());
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(arrival);
            Ledger.Accepted original = accepted.get(arrival.messageId());
            if (original == null || !original.messageSha256().equals(arrival.deliveredSha256())) {
                altered.add(arrival.dispatchId() + " " + key + " digest " + arrival.deliveredSha256());
            }
            verifySeal(arrival, keys);
        }
        this.expected = expectedKeys.size();
        int got = 0;
        for (String key : expectedKeys) {
            List<Ledger.Arrival> arrivals = byKey.get(key);
            if (arrivals == null) {
                lost.add(key);
            } else {
                got++;
                if (arrivals.size() > 1) {
                    duplicated.add(key + " as " + arrivals.stream().map(Ledger.Arrival::dispatchId).toList());
                }
            }
        }
        this.delivered = got;
        byKey.keySet().stream().filter(k -> !expectedKeys.contains(k)).forEach(unexpected::add);
        checkOrder(accepted, byKey);
    }

    /** The Hohhot regulator must get the delivery receipt of the police's acknowledgement before the police's receipt, which came after it. */
    private void checkOrder(Map<String, Ledger.Accepted> accepted, Map<String, List<Ledger.Arrival>> byKey) {
        for (Ledger.Accepted a : accepted.values()) {
            if (!a.sender().equals("hohhot-psb")) {
                continue;
            }
            String transfer = a.handoffId() + "-t";
            List<Ledger.Arrival> ack = byKey.get(receiptKey("hohhot-amr", transfer, "hohhot-psb"));
            List<Ledger.Arrival> reply = byKey.get(messageKey("hohhot-amr", a.messageId()));
            if (ack != null && reply != null && ack.getFirst().order() > reply.getFirst().order()) {
                outOfOrder.add(a.handoffId() + ": receipt " + reply.getFirst().dispatchId() + " before the delivery receipt "
                        + ack.getFirst().dispatchId());
            }
        }
    }

    private void verifyReceipt(Ledger.Accepted a, Set<String> receiptIds, JWKSet keys) {
        try {
            JsonNode body = Ledger.JSON.readTree(a.body());
            JWSObject jws = JWSObject.parse(body.path("jws").asString());
            boolean valid = jws.verify(new ECDSAVerifier(keys.getKeyByKeyId(jws.getHeader().getKeyID()).toECKey()));
            boolean same = Ledger.JSON.readTree(jws.getPayload().toString()).equals(body.path("receipt"));
            boolean names = body.path("receipt").path("messageId").asString().equals(a.messageId());
            if (valid && same && names && receiptIds != null && receiptIds.size() == 1) {
                receiptsVerified++;
            } else {
                badReceipts.add(a.messageId() + " valid=" + valid + " same=" + same + " names=" + names + " receipts=" + receiptIds);
            }
        } catch (Exception e) {
            badReceipts.add(a.messageId() + ": " + e);
        }
    }

    private void verifySeal(Ledger.Arrival arrival, JWKSet keys) {
        try {
            JsonNode body = Ledger.JSON.readTree(arrival.body());
            JsonNode signed = body.has("sealedMessage") ? body.path("sealedMessage") : body.path("deliveryReceipt");
            JWSObject jws = JWSObject.parse(signed.path("jws").asString());
            boolean valid = jws.verify(new ECDSAVerifier(keys.getKeyByKeyId(jws.getHeader().getKeyID()).toECKey()));
            JsonNode document = body.has("sealedMessage") ? signed.path("message") : signed.path("receipt");
            if (valid && Ledger.JSON.readTree(jws.getPayload().toString()).equals(document)) {
                sealsVerified++;
            } else {
                altered.add(arrival.dispatchId() + ": signature does not hold");
            }
        } catch (Exception e) {
            altered.add(arrival.dispatchId() + ": " + e);
        }
    }

    private static String messageKey(String recipient, String messageId) {
        return "MESSAGE " + messageId + " -> " + recipient;
    }

    private static String receiptKey(String sender, String messageId, String ackedBy) {
        return "DELIVERY_RECEIPT " + messageId + " acknowledged by " + ackedBy + " -> " + sender;
    }

    /** The table every scenario prints. */
    String table() {
        double seconds = Math.max(0.001, wall.toMillis() / 1000.0);
        StringBuilder out = new StringBuilder();
        out.append("== fault scenario: ").append(scenario).append(" ==\n");
        row(out, "messages accepted", accepted);
        row(out, "deliveries expected", expected);
        row(out, "delivered", delivered);
        row(out, "lost", lost.size());
        row(out, "duplicated (in effect)", duplicated.size());
        row(out, "altered / misrouted", altered.size() + unexpected.size());
        row(out, "out of order (per handoff)", outOfOrder.size());
        row(out, "raw redeliveries absorbed", redeliveries);
        row(out, "receipts verified (nimbus)", receiptsVerified + " / " + accepted);
        row(out, "receipts verified (npm jose)", joseSample + " (sample)");
        row(out, "delivered signatures verified", sealsVerified);
        row(out, "resubmissions answered 200", repeats);
        row(out, "submissions given up", refused);
        row(out, "failed submissions by cause", failures.isEmpty() ? "none" : failures.toString());
        row(out, "wall time", String.format(Locale.ROOT, "%.1f s", seconds));
        row(out, "throughput", String.format(Locale.ROOT, "%.1f messages/s, %.1f deliveries/s", accepted / seconds, delivered / seconds));
        notes.forEach(note -> out.append("  ").append(note).append('\n'));
        sample(out, "lost", lost);
        sample(out, "duplicated", duplicated);
        sample(out, "altered", altered);
        sample(out, "unexpected", unexpected);
        sample(out, "out of order", outOfOrder);
        sample(out, "bad receipts", badReceipts);
        return out.toString();
    }

    void write(Path directory) {
        String table = table();
        System.out.println(table);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(scenario + ".txt"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void row(StringBuilder out, String name, Object value) {
        out.append(String.format(Locale.ROOT, "  %-32s %s%n", name, value));
    }

    private static void sample(StringBuilder out, String name, List<String> items) {
        if (!items.isEmpty()) {
            out.append("  ").append(name).append(" (first 10): ").append(items.subList(0, Math.min(10, items.size()))).append('\n');
        }
    }
}
