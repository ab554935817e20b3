package org.casebridge.gateway.hostile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generated message as a tree of elements, rendered in both encodings: XML (the element names)
 * and JSON (the Java property names, repeated elements as arrays). A leaf keeps its XML text, the
 * JSON value sent and the JSON value the gateway must give back (the canonical form of a time).
 */
final class FuzzTree {

    final String xmlName;
    final String jsonName;
    final boolean repeated;
    String xmlText;
    JsonNode sent;
    JsonNode expected;
    final List<FuzzTree> children = new ArrayList<>();

    FuzzTree(String xmlName, String jsonName, boolean repeated) {
        this.xmlName = xmlName;
        this.jsonName = jsonName;
        this.repeated = repeated;
    }

    boolean isLeaf() {
        return sent != null;
    }

    FuzzTree leaf(String xmlText, JsonNode sent, JsonNode expected) {
        this.xmlText = xmlText;
        this.sent = sent;
        this.expected = expected;
        return this;
    }

    FuzzTree text(String value) {
        return leaf(value, JsonNodeFactory.instance.stringNode(value), JsonNodeFactory.instance.stringNode(value));
    }

    FuzzTree child(String name) {
        return children.stream().filter(c -> c.xmlName.equals(name)).findFirst().orElse(null);
    }

    /** Every descendant (and this) that the test holds. */
    List<FuzzTree> find(Predicate<FuzzTree> test) {
        List<FuzzTree> found = new ArrayList<>();
        if (test.test(this)) {
            found.add(this);
        }
        for (FuzzTree child : children) {
            found.addAll(child.find(test));
        }
        return found;
    }

    /** Removes every descendant that the test holds. */
    void removeAll(Predicate<FuzzTree> test) {
        children.removeIf(test);
        children.forEach(child -> child.removeAll(test));
    }

    String xml() {
        StringBuilder out = new StringBuilder();
        xml(out);
        return out.toString();
    }

    private void xml(StringBuilder out) {
        out.append("<cb:").append(xmlName);
        if (xmlName.equals("Message")) {
            out.append(" xmlns:cb=\"urn:casebridge:v1\"");
        }
        out.append('>');
        if (isLeaf()) {
            escape(xmlText, out);
        } else {
            children.forEach(child -> child.xml(out));
        }
        out.append("</cb:").append(xmlName).append('>');
    }

    /** XML text: markup characters escaped, and CR as a reference, since a parser turns a raw CR into LF. */
    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
    }

    ObjectNode json() {
        return (ObjectNode) json(false);
    }

    ObjectNode expectedJson() {
        return (ObjectNode) json(true);
    }

    private JsonNode json(boolean expectation) {
        if (isLeaf()) {
            return expectation ? expected : sent;
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        Map<String, List<FuzzTree>> byName = new LinkedHashMap<>();
        for (FuzzTree child : children) {
            byName.computeIfAbsent(child.jsonName, k -> new ArrayList<>()).add(child);
        }
        byName.forEach((name, members) -> {
            if (members.getFirst().repeated) {
                ArrayNode array = object.putArray(name);
                members.forEach(member -> array.add(member.json(expectation)));
            } else {
                object.set(name, members.getFirst().json(expectation));
            }
        });
        return object;
    }
}
