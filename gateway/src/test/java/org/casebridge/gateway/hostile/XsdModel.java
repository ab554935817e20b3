package org.casebridge.gateway.hostile;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.casebridge.contracts.codec.ContractXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The contract's XSD read as data, for the schema-driven fuzz test: every complex type as its
 * sequence or choice of elements with their occurrences, every simple type with its facets.
 * Only what the contract uses is understood; anything else fails loudly, so a new construct in
 * the XSD is noticed rather than skipped.
 */
final class XsdModel {

    static final String XS = "http://www.w3.org/2001/XMLSchema";

    /** An element of a complex type; {@code type} is a named type ("cb:Party", "xs:date") or null with {@code inline}. */
    record Particle(String name, String type, SimpleType inline, int minOccurs, int maxOccurs) {
    }

    /** @param unsupported why the fuzz model cannot generate this type (a construct it does not know), or null */
    record ComplexType(String name, boolean choice, List<Particle> particles, String unsupported) {
    }

    /** @param base the built-in type at the root ("xs:string", "xs:int", ...) */
    record SimpleType(String base, List<String> patterns, Integer minLength, Integer maxLength, Long minInclusive,
            Long maxInclusive, List<String> enumeration) {
    }

    private final Map<String, ComplexType> complexTypes = new HashMap<>();
    private final Map<String, SimpleType> simpleTypes = new HashMap<>();

    static XsdModel load() {
        try (InputStream in = XsdModel.class.getClassLoader().getResourceAsStream(ContractXml.XSD)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(in);
            XsdModel model = new XsdModel();
            for (Element child : children(document.getDocumentElement())) {
                switch (child.getLocalName()) {
                    case "simpleType" -> model.simpleTypes.put(child.getAttribute("name"), simpleType(child));
                    case "complexType" -> model.complexTypes.put(child.getAttribute("name"), complexType(child.getAttribute("name"), child));
                    default -> { }
                }
            }
            return model;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the contract's XSD", e);
        }
    }

    ComplexType complex(String name) {
        ComplexType type = complexTypes.get(local(name));
        if (type == null) {
            throw new IllegalArgumentException("no complex type " + name);
        }
        if (type.unsupported() != null) {
            throw new IllegalStateException("the fuzz model cannot generate " + name + ": " + type.unsupported());
        }
        return type;
    }

    boolean isComplex(String type) {
        return type != null && type.startsWith("cb:") && complexTypes.containsKey(local(type));
    }

    /** A named simple type with its restrictions resolved down to a built-in base. */
    SimpleType simple(String type) {
        if (type.startsWith("xs:")) {
            return new SimpleType(type, List.of(), null, null, null, null, List.of());
        }
        SimpleType simple = simpleTypes.get(local(type));
        if (simple == null) {
            throw new IllegalArgumentException("no simple type " + type);
        }
        return simple;
    }

    private static String local(String qualified) {
        return qualified.substring(qualified.indexOf(':') + 1);
    }

    private static ComplexType complexType(String name, Element element) {
        for (Element child : children(element)) {
            if (child.getLocalName().equals("sequence") || child.getLocalName().equals("choice")) {
                List<Particle> particles = new ArrayList<>();
                for (Element particle : children(child)) {
                    if (!particle.getLocalName().equals("element")) {
                        return new ComplexType(name, false, List.of(), "it has an xs:" + particle.getLocalName());
                    }
                    if (children(particle).stream().anyMatch(c -> c.getLocalName().equals("complexType"))) {
                        return new ComplexType(name, false, List.of(), "it has an anonymous complex type");
                    }
                    particles.add(particle(particle));
                }
                return new ComplexType(name, child.getLocalName().equals("choice"), particles, null);
            }
        }
        return new ComplexType(name, false, List.of(), null);
    }

    private static Particle particle(Element element) {
        String min = element.getAttribute("minOccurs");
        String max = element.getAttribute("maxOccurs");
        SimpleType inline = null;
        for (Element child : children(element)) {
            if (child.getLocalName().equals("simpleType")) {
                inline = simpleType(child);
            }
        }
        return new Particle(element.getAttribute("name"), element.hasAttribute("type") ? element.getAttribute("type") : null, inline,
                min.isEmpty() ? 1 : Integer.parseInt(min), max.isEmpty() ? 1 : max.equals("unbounded") ? 100 : Integer.parseInt(max));
    }

    private static SimpleType simpleType(Element element) {
        Element restriction = children(element).stream().filter(c -> c.getLocalName().equals("restriction")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the fuzz model knows only restrictions"));
        List<String> patterns = new ArrayList<>();
        List<String> enumeration = new ArrayList<>();
        Integer minLength = null;
        Integer maxLength = null;
        Long minInclusive = null;
        Long maxInclusive = null;
        for (Element facet : children(restriction)) {
            String value = facet.getAttribute("value");
            switch (facet.getLocalName()) {
                case "pattern" -> patterns.add(value);
                case "enumeration" -> enumeration.add(value);
                case "minLength" -> minLength = Integer.parseInt(value);
                case "maxLength" -> maxLength = Integer.parseInt(value);
                case "minInclusive" -> minInclusive = Long.parseLong(value);
                case "maxInclusive" -> maxInclusive = Long.parseLong(value);
                case "annotation" -> { }
                default -> throw new IllegalStateException("the fuzz model knows no facet " + facet.getLocalName());
            }
        }
        return new SimpleType(restriction.getAttribute("base"), patterns, minLength, maxLength, minInclusive, maxInclusive, enumeration);
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && XS.equals(element.getNamespaceURI())) {
                children.add(element);
            }
        }
        return children;
    }
}
