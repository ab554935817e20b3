package org.casebridge.contracts.codec;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.casebridge.contracts.v1.Message;

/**
 * The field at fault in a message, in the syntax of each encoding. The gateway core names it by
 * its neutral model path: XML element names from {@code Message}, 1-based indexes for repeated
 * elements, the first one's index optional inside a path ({@code Message/attachment/sha256} is
 * the first attachment's, as the XSD validator reports it; {@code Message/copyTo} the whole list). SOAP clients read it as an XPath into the XML they sent
 * ({@code /Message/attachment[2]/sha256}), REST clients as a JSON pointer into the JSON they sent
 * ({@code /attachments/1/sha256}). The names come from the model: the XML name of a field is its
 * {@code @XmlElement} name, its JSON name the Jackson property name ({@link ContractJson} names
 * members by their Java field), so a field added to the contract maps without a list to update.
 */
public final class FieldPaths {

    private static final String ROOT = "Message";
    private static final Pattern STEP = Pattern.compile("([^/\\[\\]]+)(?:\\[(\\d+)])?");
    private static final String CONTRACT_PACKAGE = Message.class.getPackageName();

    private FieldPaths() {
    }

    /** Whether the field names a place in a message by its neutral model path. */
    public static boolean isModelPath(String field) {
        return field != null && (field.equals(ROOT) || field.startsWith(ROOT + "/"));
    }

    /** The XPath into the XML message ({@code /Message/attachment[1]/sha256}); repeated elements always indexed. */
    public static String xpath(String modelPath) {
        StringBuilder out = new StringBuilder("/" + ROOT);
        for (Step step : steps(modelPath)) {
            out.append('/').append(step.xmlName());
            if (step.index() != null) {
                out.append('[').append(step.index() + 1).append(']');
            }
        }
        return out.toString();
    }

    /** The JSON pointer into the JSON message ({@code /attachments/0/sha256}); {@code ""} is the whole message. */
    public static String jsonPointer(String modelPath) {
        StringBuilder out = new StringBuilder();
        for (Step step : steps(modelPath)) {
            out.append('/').append(escaped(step.jsonName()));
            if (step.index() != null) {
                out.append('/').append(step.index());
            }
        }
        return out.toString();
    }

    /** The neutral model path of a JSON pointer into a message (as {@link #jsonPointer} reverses). */
    public static String fromJsonPointer(String pointer) {
        StringBuilder out = new StringBuilder(ROOT);
        Class<?> type = Message.class;
        String[] tokens = pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/", -1);
        for (int i = 0; i < tokens.length; i++) {
            String name = tokens[i].replace("~1", "/").replace("~0", "~");
            Optional<Member> member = member(type, m -> m.jsonName().equals(name));
            out.append('/').append(member.map(Member::xmlName).orElse(name));
            type = member.map(Member::elementType).orElse(null);
            if (member.isPresent() && member.get().repeated() && i + 1 < tokens.length && tokens[i + 1].matches("\\d+")) {
                out.append('[').append(Integer.parseInt(tokens[++i]) + 1).append(']');
            }
        }
        return out.toString();
    }

    private record Step(String xmlName, String jsonName, Integer index) {
    }

    private static List<Step> steps(String modelPath) {
        if (!isModelPath(modelPath)) {
            throw new IllegalArgumentException("not a model path: " + modelPath);
        }
        List<Step> steps = new ArrayList<>();
        Class<?> type = Message.class;
        String[] tokens = modelPath.substring(ROOT.length()).split("/");
        for (int t = 0; t < tokens.length; t++) {
            String token = tokens[t];
            if (token.isEmpty()) {
                continue;
            }
            Matcher matcher = STEP.matcher(token);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not a model path: " + modelPath);
            }
            String name = matcher.group(1);
            Integer index = matcher.group(2) == null ? null : Integer.parseInt(matcher.group(2)) - 1;
            Optional<Member> member = member(type, m -> m.xmlName().equals(name));
            if (member.isPresent() && member.get().repeated() && index == null && t + 1 < tokens.length) {
                index = 0; // the XSD validator leaves out the first repeat's [1]; at the end, the list itself is meant
            }
            // A name the model does not know (an element the schema refused) stays as it was sent.
            steps.add(new Step(name, member.map(Member::jsonName).orElse(name), index));
            type = member.map(Member::elementType).orElse(null);
        }
        return steps;
    }

    private record Member(String xmlName, String jsonName, Class<?> elementType, boolean repeated) {
    }

    private static Optional<Member> member(Class<?> type, java.util.function.Predicate<Member> matching) {
        for (Class<?> c = type; c != null && c.getPackageName().startsWith(CONTRACT_PACKAGE); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic() || field.isAnnotationPresent(XmlAnyElement.class)) {
                    continue;
                }
                Member member = member(field);
                if (matching.test(member)) {
                    return Optional.of(member);
                }
            }
        }
        return Optional.empty();
    }

    private static Member member(Field field) {
        XmlElement xml = field.getAnnotation(XmlElement.class);
        String xmlName = xml != null && !"##default".equals(xml.name()) ? xml.name() : field.getName();
        JsonProperty json = field.getAnnotation(JsonProperty.class);
        String jsonName = json != null && !json.value().isEmpty() ? json.value() : field.getName();
        boolean repeated = List.class.isAssignableFrom(field.getType());
        Class<?> elementType = field.getType();
        if (repeated && field.getGenericType() instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] instanceof Class<?> element) {
            elementType = element;
        }
        return new Member(xmlName, jsonName, elementType, repeated);
    }

    private static String escaped(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
