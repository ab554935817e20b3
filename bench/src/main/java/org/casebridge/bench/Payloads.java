package org.casebridge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.casebridge.contracts.codec.ContractJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Transfers (REFERRAL_SUBMIT) built from the contract's own example, between the demo agencies,
 * padded to a target size with evidence descriptions ({@code payload.referral.otherEvidence[]},
 * each a {@code Text} of at most 20,000 characters, at most 1,000 items, as the JSON Schema and the
 * XSD allow). Built once; each request copies the template into the worker's buffer once and then
 * only overwrites the counter digits of its messageId and handoffId.
 */
final class Payloads {

    /** A sender, the police it transfers to, and the procuratorate that must be copied (SC 6). */
    record Pair(String sender, String police, String prosecutor) {
    }

    /** The demo agencies (gateway/src/main/resources/demo/agencies.yml), all PULL. */
    static final List<Pair> PAIRS = List.of(
            new Pair("hohhot-amr", "hohhot-psb", "hohhot-procuratorate"),
            new Pair("baotou-tax", "baotou-psb", "baotou-procuratorate"),
            new Pair("ordos-eeb", "ordos-psb", "ordos-procuratorate"));

    static final int COUNTER_DIGITS = 12;
    private static final String MARKER = "Q".repeat(COUNTER_DIGITS);
    private static final String EXAMPLE = "casebridge/v1/examples/transfer-without-attachments.json";
    private static final int MAX_TEXT = 20_000;

    /** An attachment named in the message. */
    record AttachmentRef(String name, String mediaType, long size, String sha256) {
    }

    /** A message with two fixed-width counter fields (messageId, handoffId) to patch in place. */
    static final class Template {
        final Pair pair;
        final byte[] bytes;
        final int[] counterOffsets;
        final String idPrefix;

        Template(Pair pair, byte[] bytes, int[] counterOffsets, String idPrefix) {
            this.pair = pair;
            this.bytes = bytes;
            this.counterOffsets = counterOffsets;
            this.idPrefix = idPrefix;
        }

        byte[] copy() {
            return bytes.clone();
        }

        /** Writes the counter into a copy of the template. */
        void patch(byte[] copy, long counter) {
            for (int offset : counterOffsets) {
                long v = counter;
                for (int i = COUNTER_DIGITS - 1; i >= 0; i--) {
                    copy[offset + i] = (byte) ('0' + v % 10);
                    v /= 10;
                }
            }
        }

        String handoffId(long counter) {
            return idPrefix + String.format("%0" + COUNTER_DIGITS + "d", counter);
        }

        String messageId(long counter) {
            return handoffId(counter) + "-transfer";
        }

        int size() {
            return bytes.length;
        }
    }

    private Payloads() {
    }

    /**
     * A transfer from the pair's sender to its police, copied to its procuratorate, of about
     * {@code targetBytes} (never less than the example itself).
     *
     * @param runTag letters, digits and dashes that make this run's ids unique
     */
    static Template transfer(Pair pair, int pairIndex, int targetBytes, String runTag, List<AttachmentRef> attachments) {
        ObjectNode message = (ObjectNode) example();
        // Ids are the sender's (intake refuses others): its agency id and a dash come first.
        String idPrefix = pair.sender() + "-bench-" + runTag + "-" + pairIndex + "-";
        message.put("handoffId", idPrefix + MARKER);
        message.put("messageId", idPrefix + MARKER + "-transfer");
        ((ObjectNode) message.get("sender")).put("agency", pair.sender());
        ((ObjectNode) message.get("recipient")).put("agency", pair.police());
        ArrayNode copies = message.putArray("copyTo");
        copies.addObject().put("agency", pair.prosecutor());
        message.put("sentAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(5).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        if (!attachments.isEmpty()) {
            ArrayNode list = message.putArray("attachments");
            for (AttachmentRef a : attachments) {
                list.addObject().put("name", a.name()).put("mediaType", a.mediaType()).put("size", a.size())
                        .put("sha256", a.sha256()).put("documentKind", "AUDIO_VISUAL");
            }
        }
        ObjectNode referral = (ObjectNode) message.get("payload").get("referral");
        ArrayNode evidence = referral.has("otherEvidence") ? (ArrayNode) referral.get("otherEvidence") : referral.putArray("otherEvidence");

        byte[] bytes = serialize(message);
        SplittableRandom random = new SplittableRandom(targetBytes * 31L + pairIndex);
        int overhead = "{\"documentKind\":\"INTERVIEW_RECORD\",\"description\":\"\"},".length();
        while (bytes.length + overhead + 3 <= targetBytes) {
            int room = targetBytes - bytes.length - overhead;
            int chars = Math.min(MAX_TEXT, room / 3);
            if (chars < 1) {
                break;
            }
            evidence.addObject().put("documentKind", "INTERVIEW_RECORD").put("description", text(random, chars));
            bytes = serialize(message);
        }
        List<Integer> offsets = new ArrayList<>();
        byte[] marker = MARKER.getBytes(StandardCharsets.US_ASCII);
        for (int i = HttpConnection.indexOf(bytes, 0, bytes.length, marker); i >= 0;
                i = HttpConnection.indexOf(bytes, i + marker.length, bytes.length, marker)) {
            offsets.add(i);
        }
        if (offsets.size() != 2) {
            throw new IllegalStateException("expected the counter marker twice, found " + offsets.size());
        }
        return new Template(pair, bytes, offsets.stream().mapToInt(Integer::intValue).toArray(), idPrefix);
    }

    /** Pseudo-random CJK text (a 500-character set, some punctuation): compresses about like prose. */
    static String text(SplittableRandom random, int chars) {
        StringBuilder out = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            int r = random.nextInt(520);
            out.append(r < 500 ? (char) (0x4E00 + r * 7) : (r < 512 ? '，' : '。'));
        }
        return out.toString();
    }

    static JsonNode example() {
        try (InputStream in = Payloads.class.getClassLoader().getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("no " + EXAMPLE + " on the class path (casebridge-contracts)");
            }
            return ContractJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] serialize(JsonNode node) {
        return ContractJson.mapper().writeValueAsBytes(node);
    }
}
