package org.casebridge.gateway.hostile;

import jakarta.xml.bind.annotation.XmlElement;
import java.lang.reflect.Field;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.casebridge.contracts.codec.Timestamps;
import org.casebridge.contracts.v1.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Messages generated from the contract's XSD, element by element: which optional elements
 * appear, how often repeated ones do (up to their maximum), and each value from its simple
 * type's facets. With the extreme rate, a value is a boundary or extreme the schema allows
 * (longest strings from every Unicode class, minimum and maximum numbers and counts, the first
 * and last dates of the gateway's range and beyond it, years 0 and 9999, leap seconds, 24:00).
 * A {@link Plan} pins what the lifecycle needs (ids, parties, type, payload).
 */
final class MessageGenerator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String PACKAGE = Message.class.getPackageName();

    /** Dates the XSD's xs:date allows: within 1900..2999 (kept), and outside it or unreadable (refused). */
    private static final List<String> EXTREME_DATES = List.of("1900-01-01", "2999-12-31", "2000-02-29", "1999-12-31", "2024-02-29",
            "0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01", "-0001-01-01", "0000-01-01", "2026-01-01Z",
            "2026-01-01+14:00", "-999999999-01-01", "10000-01-01");
    private static final List<String> EXTREME_TIMES = List.of("1900-01-01T00:00:00+14:00", "1900-01-01T00:00:00Z",
            "2000-02-29T23:59:59.999999-12:00", "2020-03-08T02:30:00.000001+05:45", "2021-06-30T23:59:59.5Z", "1970-01-01T00:00:00Z",
            "2999-12-31T23:59:59.999999-14:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-01-01T24:00:00Z",
            "2016-12-31T23:59:60Z", "2021-01-01T00:00:00.1234567Z", "2021-01-01T00:00:00+14:30", "-0001-01-01T00:00:00Z",
            "2021-01-01T00:00:00-00:00", "-999999999-01-01T00:00:00Z", "2021-01-01T00:00:00+18:00");

    private static final String TYPICAL = "案件材料呼和浩特 Case-file 12";

    /** What the lifecycle pins; everything else comes from the schema. */
    interface Plan {
        /** A fixed text for the leaf at this path (element names from Message, no indexes), or null. */
        String fixed(String path);

        /** How many of this element, or -1 to let the schema decide. */
        int count(String path);

        /** The branch of a choice at this path. */
        String choice(String path);
    }

    private final XsdModel model;
    private final Random random;
    private final double extremeRate;
    private final Set<String> paths = new TreeSet<>();
    private final Set<String> extremePaths = new TreeSet<>();
    private int budget;

    MessageGenerator(XsdModel model, Random random, double extremeRate) {
        this.model = model;
        this.random = random;
        this.extremeRate = extremeRate;
    }

    /** Every element path generated so far, and those given an extreme value or count. */
    Set<String> paths() {
        return paths;
    }

    Set<String> extremePaths() {
        return extremePaths;
    }

    FuzzTree message(Plan plan, boolean tame) {
        budget = 300_000; // code points of long text per message: stays well below the 2 MB JSON limit
        return complex(new FuzzTree("Message", null, false), "Message", "Message", plan, tame, false);
    }

    private FuzzTree complex(FuzzTree node, String typeName, String path, Plan plan, boolean tame, boolean inLargeList) {
        XsdModel.ComplexType type = model.complex(typeName);
        List<XsdModel.Particle> particles = type.particles();
        if (type.choice()) {
            String branch = plan.choice(path);
            particles = particles.stream().filter(p -> p.name().equals(branch)).toList();
            if (particles.isEmpty()) {
                throw new IllegalStateException("no branch " + branch + " in " + typeName);
            }
        }
        Class<?> javaType = javaType(typeName);
        for (XsdModel.Particle particle : particles) {
            String childPath = path + "/" + particle.name();
            paths.add(childPath);
            boolean extreme = !tame && random.nextDouble() < extremeRate;
            int count = plan.count(childPath);
            if (count < 0) {
                count = occurrences(particle, extreme && !inLargeList, tame);
                if (extreme && !inLargeList && (count == particle.maxOccurs() && count > 1 || count == 0)) {
                    extremePaths.add(childPath + "#count");
                }
            }
            String jsonName = jsonName(javaType, particle.name());
            for (int i = 0; i < count; i++) {
                FuzzTree child = new FuzzTree(particle.name(), jsonName, particle.maxOccurs() > 1);
                node.children.add(child);
                if (particle.type() != null && model.isComplex(particle.type())) {
                    complex(child, particle.type().substring(3), childPath, plan, tame, inLargeList || count > 4);
                } else {
                    String fixed = plan.fixed(childPath);
                    XsdModel.SimpleType simple = particle.inline() != null ? particle.inline() : model.simple(particle.type());
                    boolean extremeValue = !tame && random.nextDouble() < extremeRate;
                    if (fixed != null) {
                        leaf(child, simple, fixed);
                    } else {
                        value(child, simple, extremeValue && !inLargeList || extremeValue && random.nextInt(8) == 0, childPath);
                    }
                }
            }
        }
        return node;
    }

    private int occurrences(XsdModel.Particle particle, boolean extreme, boolean tame) {
        int min = particle.minOccurs();
        int max = particle.maxOccurs();
        if (tame) {
            return min;
        }
        if (extreme) {
            return random.nextBoolean() ? min : max;
        }
        if (min == 0 && random.nextInt(3) == 0) {
            return 0;
        }
        return Math.max(min, Math.min(max, 1 + random.nextInt(3)));
    }

    /** A fixed value, typed as its schema type says. */
    private static void leaf(FuzzTree node, XsdModel.SimpleType type, String text) {
        switch (base(type)) {
            case "xs:int", "xs:long" -> node.leaf(text, JSON.numberNode(Long.parseLong(text)), JSON.numberNode(Long.parseLong(text)));
            case "xs:boolean" -> node.leaf(text, JSON.booleanNode(Boolean.parseBoolean(text)), JSON.booleanNode(Boolean.parseBoolean(text)));
            default -> node.text(text);
        }
    }

    private void value(FuzzTree node, XsdModel.SimpleType type, boolean extreme, String path) {
        if (extreme) {
            extremePaths.add(path);
        }
        if (!type.enumeration().isEmpty()) {
            node.text(type.enumeration().get(random.nextInt(type.enumeration().size())));
            return;
        }
        switch (base(type)) {
            case "xs:date" -> node.text(extreme ? pick(EXTREME_DATES) : LocalDate.of(1995 + random.nextInt(31), 1 + random.nextInt(12),
                    1 + random.nextInt(28)).toString());
            case "xs:dateTime" -> {
                String text = extreme ? pick(EXTREME_TIMES) : Timestamps.format(OffsetDateTime.now(ZoneOffset.ofHours(8))
                        .minusMinutes(10 + random.nextInt(500_000)).truncatedTo(ChronoUnit.SECONDS));
                node.leaf(text, JSON.stringNode(text), JSON.stringNode(canonicalTime(text)));
            }
            case "xs:int", "xs:long" -> {
                long min = type.minInclusive() != null ? type.minInclusive() : base(type).equals("xs:int") ? Integer.MIN_VALUE : Long.MIN_VALUE;
                long max = type.maxInclusive() != null ? type.maxInclusive() : base(type).equals("xs:int") ? Integer.MAX_VALUE : Long.MAX_VALUE;
                long span = max - min; // negative when the range overflows a long
                long value = extreme ? (random.nextBoolean() ? min : max)
                        : (min < 0 ? 0 : min) + random.nextInt(span < 0 || span >= 50 ? 50 : (int) span + 1);
                // XML may spell a number with a plus sign or leading zeros; JSON has one spelling.
                String xml = extreme && random.nextBoolean() ? (value >= 0 ? "+00" + value : "-00" + (-value)) : Long.toString(value);
                node.leaf(xml, JSON.numberNode(value), JSON.numberNode(value));
            }
            case "xs:boolean" -> {
                boolean value = random.nextBoolean();
                String xml = extreme ? (value ? "1" : "0") : Boolean.toString(value);
                node.leaf(xml, JSON.booleanNode(value), JSON.booleanNode(value));
            }
            case "xs:string" -> node.text(string(type, extreme));
            default -> throw new IllegalStateException("the fuzz generator knows no " + base(type));
        }
    }

    private String string(XsdModel.SimpleType type, boolean extreme) {
        int min = type.minLength() != null ? type.minLength() : 0;
        int max = type.maxLength() != null ? type.maxLength() : Integer.MAX_VALUE;
        if (!type.patterns().isEmpty()) {
            for (int attempt = 0; attempt < 50; attempt++) {
                String text = PatternStrings.generate(type.patterns().get(random.nextInt(type.patterns().size())), random, extreme);
                int length = text.codePointCount(0, text.length());
                if (length >= min && length <= max) {
                    return text;
                }
            }
            throw new IllegalStateException("no string of " + min + ".." + max + " for " + type.patterns());
        }
        int length = extreme ? (random.nextBoolean() && budget >= max ? max : Math.max(min, 1))
                : Math.max(min, Math.min(max, 1 + random.nextInt(40)));
        budget -= length;
        // The length is counted in UTF-16 units, as the gateway's XSD validator (Xerces) counts it:
        // 200 characters of which some lie beyond the BMP are more than 200 units, and refused.
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            if (extreme) {
                int cp = PatternStrings.UNICODE[random.nextInt(PatternStrings.UNICODE.length)];
                out.appendCodePoint(out.length() + Character.charCount(cp) <= length ? cp : 'z');
            } else {
                out.append(TYPICAL.charAt(random.nextInt(TYPICAL.length())));
            }
        }
        return out.toString();
    }

    private static String canonicalTime(String text) {
        try {
            return Timestamps.format(OffsetDateTime.parse(text));
        } catch (RuntimeException unreadable) {
            return text;
        }
    }

    private static String base(XsdModel.SimpleType type) {
        return type.base();
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static Class<?> javaType(String typeName) {
        try {
            return Class.forName(PACKAGE + "." + typeName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no class for " + typeName, e);
        }
    }

    /** The JSON name of an element: the name of the Java property it binds to. */
    private static String jsonName(Class<?> type, String element) {
        for (Field field : type.getDeclaredFields()) {
            XmlElement xml = field.getAnnotation(XmlElement.class);
            if (xml != null && xml.name().equals(element) || (xml == null || "##default".equals(xml.name())) && field.getName().equals(element)) {
                return field.getName();
            }
        }
        throw new IllegalStateException("no property of " + type.getSimpleName() + " binds " + element);
    }

    static JsonNode number(long value) {
        return JSON.numberNode(value);
    }
}
