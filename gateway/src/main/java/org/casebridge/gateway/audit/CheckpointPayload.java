package org.casebridge.gateway.audit;

import java.time.Instant;
import org.casebridge.contracts.audit.AuditChain;
import org.casebridge.contracts.codec.CanonicalJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What a checkpoint signs: RFC 8785 canonical JSON of {@code {"gateway","hash","seq","signedAt"}}. */
public final class CheckpointPayload {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CheckpointPayload() {
    }

    public static byte[] canonical(String gateway, String hash, long seq, Instant signedAt) {
        ObjectNode payload = JSON.createObjectNode()
                .put("gateway", gateway)
                .put("hash", hash)
                .put("seq", seq)
                .put("signedAt", AuditChain.timestamp(signedAt));
        return CanonicalJson.bytes(payload);
    }

    /** The signed payload read back; null when it is not a JSON object. */
    static JsonNode parse(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
