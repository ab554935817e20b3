package org.casebridge.contracts.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.casebridge.contracts.codec.CanonicalJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rule that links the audit trail into a hash chain; the gateway that writes it and the
 * offline verifier that checks it both use this one definition.
 *
 * <p>An entry's <em>body</em> is the RFC 8785 canonical JSON of
 * {@code {"entryId","at","kind","actor","target","handoffId","details","node"}} ({@code at} in UTC
 * with milliseconds, absent values as {@code null}, {@code details} a JSON object). Its
 * <em>digest</em> is the hex SHA-256 of the body's UTF-8 bytes. Link {@code n} has
 * {@code hash = hex(SHA-256(ASCII(prevHash + digest)))}, where {@code prevHash} is link
 * {@code n-1}'s hash, or {@link #GENESIS} for the first link. Because a link commits to its
 * entry only through the digest, a proof can carry the digests of other cases' entries
 * without their content and still be re-walked.
 */
public final class AuditChain {

    /** The previous hash of link 1. */
    public static final String GENESIS = "0".repeat(64);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditChain() {
    }

    /** The canonical body of an entry; {@code details} must be a JSON object. */
    public static String body(long entryId, Instant at, String kind, String actor, String target, String handoffId,
            JsonNode details, String node) {
        if (details == null || !details.isObject()) {
            throw new IllegalArgumentException("details must be a JSON object");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("entryId", entryId);
        body.put("at", timestamp(at));
        body.put("kind", kind);
        body.put("actor", actor);
        body.put("target", target);
        body.put("handoffId", handoffId);
        body.set("details", details);
        body.put("node", node);
        return CanonicalJson.text(body);
    }

    /** The form {@code at} takes in a body; store times truncated to milliseconds so they survive the database. */
    public static String timestamp(Instant at) {
        return AT.format(at.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String digest(String body) {
        return sha256(body.getBytes(StandardCharsets.UTF_8));
    }

    public static String link(String prevHash, String digest) {
        return sha256((prevHash + digest).getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
