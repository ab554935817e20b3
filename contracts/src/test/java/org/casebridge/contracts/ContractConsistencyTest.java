package org.casebridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlEnumValue;
import jakarta.xml.bind.annotation.XmlType;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.v1.ObjectFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schema is maintained by hand beside the XSD; this test keeps them one model: every
 * type of the XSD has a JSON definition with the same properties, the same required ones and the
 * same enumeration values.
 */
class ContractConsistencyTest {

    /** SOAP-only wrappers (requests, responses, MTOM parts) and types whose JSON form is an envelope of its own. */
    private static final Set<String> XML_ONLY = Set.of("SubmitRequest", "SubmitResponse", "FetchInboxRequest",
            "FetchInboxResponse", "AcknowledgeRequest", "AcknowledgeResponse", "FetchAttachmentRequest",
            "FetchAttachmentResponse", "DeliverRequest", "DeliverResponse", "Fault", "AttachmentContent",
            "SignedDocument", "Delivery", "SealedMessage");

    static JsonNode definitions() throws IOException {
        return ContractJson.mapper().readTree(ContractConsistencyTest.class.getClassLoader()
                .getResourceAsStream("casebridge/v1/casebridge-v1.schema.json")).get("$defs");
    }

    static Stream<Class<?>> contractTypes() {
        return Arrays.stream(ObjectFactory.class.getDeclaredMethods())
                .<Class<?>>map(m -> m.getReturnType())
                .filter(t -> t.getPackage().equals(ObjectFactory.class.getPackage()))
                .distinct()
                .filter(t -> !XML_ONLY.contains(t.getSimpleName()));
    }

    @ParameterizedTest
    @MethodSource("contractTypes")
    void everyComplexTypeHasTheSameJsonProperties(Class<?> type) throws IOException {
        JsonNode definition = definitions().get(xmlTypeName(type));
        assertThat(definition).as("JSON definition of " + type.getSimpleName()).isNotNull();

        Set<String> javaProperties = new TreeSet<>();
        Set<String> javaRequired = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || field.isAnnotationPresent(XmlAnyElement.class)) {
                continue;
            }
            javaProperties.add(field.getName());
            XmlElement element = field.getAnnotation(XmlElement.class);
            boolean list = List.class.isAssignableFrom(field.getType());
            boolean required = (element != null && element.required()) || field.getType().isPrimitive();
            if (required || (list && definitionRequiresItems(definition, field.getName()))) {
                javaRequired.add(field.getName());
            }
        }
        Set<String> jsonProperties = new TreeSet<>();
        definition.get("properties").propertyNames().forEach(jsonProperties::add);
        Set<String> jsonRequired = new TreeSet<>();
        if (definition.has("required")) {
            definition.get("required").forEach(n -> jsonRequired.add(n.asString()));
        }
        assertThat(jsonProperties).as("properties of " + type.getSimpleName()).isEqualTo(javaProperties);
        assertThat(jsonRequired).as("required properties of " + type.getSimpleName()).isEqualTo(javaRequired);
    }

    @Test
    void everyEnumerationHasTheSameValues() throws IOException {
        JsonNode definitions = definitions();
        Arrays.stream(enumTypes()).forEach(type -> {
                    Set<String> xml = new TreeSet<>();
                    for (Field constant : type.getFields()) {
                        XmlEnumValue value = constant.getAnnotation(XmlEnumValue.class);
                        xml.add(value != null ? value.value() : constant.getName());
                    }
                    Set<String> json = new TreeSet<>();
                    definitions.get(type.getSimpleName()).get("enum").forEach(n -> json.add(n.asString()));
                    assertThat(json).as("values of " + type.getSimpleName()).isEqualTo(xml);
                });
    }

    private static Class<?>[] enumTypes() {
        return Stream.of("MessageType", "MarkingScheme", "DocumentKind", "PartyKind", "Jurisdiction",
                        "DecisionOutcome", "RemedyKind", "DeliveryMode", "DispatchKind")
                .map(name -> {
                    try {
                        return Class.forName(ObjectFactory.class.getPackageName() + "." + name);
                    } catch (ClassNotFoundException e) {
                        throw new AssertionError("enumeration " + name + " is not generated", e);
                    }
                })
                .toArray(Class<?>[]::new);
    }

    /** A list is required in XSD when minOccurs >= 1; JAXB does not say so, the schema's minItems does. */
    private static boolean definitionRequiresItems(JsonNode definition, String property) {
        JsonNode schema = definition.get("properties").get(property);
        return schema != null && schema.path("minItems").asInt(0) > 0;
    }

    private static String xmlTypeName(Class<?> type) {
        XmlType xmlType = type.getAnnotation(XmlType.class);
        return xmlType == null || xmlType.name().isEmpty() ? type.getSimpleName() : xmlType.name();
    }
}
