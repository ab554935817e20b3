package org.casebridge.contracts.codec;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlEnumValue;
import java.time.OffsetDateTime;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.AnnotatedClass;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON encoding of the generated contract types. JSON names are the generated Java field
 * names, so the JSON and XML encodings stay one model; empty values are left out so that a
 * message prints the same whichever encoding it arrived in.
 */
public final class ContractJson {

    /** Bounds that keep hostile JSON from exhausting the parser; the HTTP layer also caps body size. */
    public static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxStringLength(1_000_000)
            .maxNumberLength(40)
            .maxNameLength(200)
            .maxDocumentLength(16L * 1024 * 1024)
            .build();

    private static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(READ_LIMITS).build())
            .changeDefaultVisibility(checker -> checker
                    .withVisibility(PropertyAccessor.ALL, Visibility.NONE)
                    .withVisibility(PropertyAccessor.FIELD, Visibility.ANY))
            .changeDefaultPropertyInclusion(ignored ->
                    JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY))
            .annotationIntrospector(new ContractIntrospector())
            // A repeated member would let two parsers read two different messages from one body.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("casebridge-timestamps")
                    .addSerializer(OffsetDateTime.class, new TimestampSerializer()))
            .build();

    private ContractJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        return MAPPER.treeToValue(tree, type);
    }

    public static JsonNode toTree(Object contractObject) {
        return MAPPER.valueToTree(contractObject);
    }

    /** RFC 8785 canonical bytes of a contract object: what digests and JWS signatures cover. */
    public static byte[] canonicalBytes(Object contractObject) {
        return CanonicalJson.bytes(toTree(contractObject));
    }

    private static final class ContractIntrospector extends JacksonAnnotationIntrospector {

        /** The raw DOM of an enveloped signature is XML-only; it never appears in JSON. */
        @Override
        public boolean hasIgnoreMarker(MapperConfig<?> config, AnnotatedMember member) {
            return member.hasAnnotation(XmlAnyElement.class) || super.hasIgnoreMarker(config, member);
        }

        /** Enumeration values are spelt as in the XSD (UK_3X5X2), not as Java constants (UK_3_X_5_X_2). */
        @Override
        public String[] findEnumValues(MapperConfig<?> config, AnnotatedClass enumType, Enum<?>[] values, String[] names) {
            String[] result = super.findEnumValues(config, enumType, values, names);
            for (int i = 0; i < values.length; i++) {
                try {
                    XmlEnumValue xml = values[i].getDeclaringClass().getField(values[i].name()).getAnnotation(XmlEnumValue.class);
                    if (xml != null) {
                        result[i] = xml.value();
                    }
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
            }
            return result;
        }
    }

    private static final class TimestampSerializer extends ValueSerializer<OffsetDateTime> {
        @Override
        public void serialize(OffsetDateTime value, JsonGenerator generator, SerializationContext context) {
            generator.writeString(Timestamps.format(value));
        }
    }
}
