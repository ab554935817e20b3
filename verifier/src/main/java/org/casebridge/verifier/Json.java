package org.casebridge.verifier;

import org.casebridge.contracts.codec.CanonicalJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Strict JSON reading (no repeated members) and the RFC 8785 form the gateway signs. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Json() {
    }

    static JsonNode parse(byte[] bytes, String what) throws Invalid {
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new Invalid(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static JsonNode parse(String text, String what) throws Invalid {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new Invalid(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static JsonNode object(byte[] bytes, String what) throws Invalid {
        JsonNode node = parse(bytes, what);
        if (!node.isObject()) {
            throw new Invalid(what + " is not a JSON object");
        }
        return node;
    }

    static byte[] canonical(JsonNode node) {
        return CanonicalJson.bytes(node);
    }

    /** A member's text, or an explanation of what is missing. */
    static String text(JsonNode node, String member, String what) throws Invalid {
        JsonNode value = node.get(member);
        if (value == null || !value.isString()) {
            throw new Invalid(what + " has no " + member);
        }
        return value.asString();
    }

    static long number(JsonNode node, String member, String what) throws Invalid {
        JsonNode value = node.get(member);
        if (value == null || !value.isIntegralNumber()) {
            throw new Invalid(what + " has no numeric " + member);
        }
        return value.asLong();
    }
}
