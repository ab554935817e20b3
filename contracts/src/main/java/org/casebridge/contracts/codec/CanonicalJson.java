package org.casebridge.contracts.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.NumberToJSON;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8785 JSON Canonicalization Scheme over a Jackson tree: members sorted by UTF-16 code
 * units, no white space, strings escaped as ECMAScript JSON.stringify does, numbers in ECMAScript
 * form (via the reference implementation for non-integers).
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode node) {
        return text(node).getBytes(StandardCharsets.UTF_8);
    }

    public static String text(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.stringValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not JSON data: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        // String.compareTo compares UTF-16 code units, which is the order RFC 8785 asks for.
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> member : members) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(member.getKey(), out);
            out.append(':');
            write(member.getValue(), out);
        }
        out.append('}');
    }

    private static void writeNumber(JsonNode node, StringBuilder out) {
        if (node.isIntegralNumber() && node.canConvertToExactIntegral()
                && Math.abs(node.doubleValue()) < 9007199254740992d) {
            out.append(node.longValue());
            return;
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("RFC 8785 has no form for " + value);
        }
        try {
            out.append(NumberToJSON.serializeNumber(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c) && !isPairedSurrogate(value, i)) {
                        throw new IllegalArgumentException("lone surrogate at index " + i);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isPairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
}
