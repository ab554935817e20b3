package org.casebridge.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import org.casebridge.contracts.codec.CanonicalJson;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code details} object of an entry, built member by member; stored as RFC 8785 canonical JSON. */
public final class AuditDetails {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectNode node = JSON.createObjectNode();

    private AuditDetails() {
    }

    public static AuditDetails of() {
        return new AuditDetails();
    }

    public AuditDetails with(String name, String value) {
        node.put(name, value);
        return this;
    }

    public AuditDetails with(String name, long value) {
        node.put(name, value);
        return this;
    }

    public AuditDetails with(String name, boolean value) {
        node.put(name, value);
        return this;
    }

    public AuditDetails with(String name, Collection<String> values) {
        ArrayNode array = node.putArray(name);
        values.forEach(array::add);
        return this;
    }

    /** A nested object, e.g. one per attachment. */
    public AuditDetails withObjects(String name, Collection<AuditDetails> objects) {
        ArrayNode array = node.putArray(name);
        objects.forEach(o -> array.add(o.node.deepCopy()));
        return this;
    }

    ObjectNode node() {
        return node;
    }

    String canonical() {
        return CanonicalJson.text(node);
    }

    /** Hex SHA-256, the form every digest in the trail takes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
