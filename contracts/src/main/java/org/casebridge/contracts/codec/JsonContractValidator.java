package org.casebridge.contracts.codec;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** Validates JSON documents against casebridge-v1.schema.json, naming each fault by JSON pointer. */
public final class JsonContractValidator {

    public static final String SCHEMA = "casebridge/v1/casebridge-v1.schema.json";
    private static final int MAX_VIOLATIONS = 20;
    private static final java.util.Set<String> NAMED_MEMBER = java.util.Set.of("required", "additionalProperties", "unevaluatedProperties");

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(com.networknt.schema.SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_POINTER)
                    .build()));
    private static final ConcurrentHashMap<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private JsonContractValidator() {
    }

    /** @param definition a name under {@code $defs}, e.g. {@code Message} */
    public static List<ContractViolation> validate(String definition, JsonNode document) {
        Schema schema = SCHEMAS.computeIfAbsent(definition, JsonContractValidator::load);
        return schema.validate(document).stream()
                .limit(MAX_VIOLATIONS)
                .map(JsonContractValidator::toViolation)
                .toList();
    }

    private static Schema load(String definition) {
        Schema schema = REGISTRY.getSchema(SchemaLocation.of("classpath:" + SCHEMA + "#/$defs/" + definition));
        schema.initializeValidators();
        return schema;
    }

    private static ContractViolation toViolation(Error error) {
        String pointer = error.getInstanceLocation().toString();
        // A missing or an unknown member is reported at the object that holds it: point at the member.
        String field = error.getProperty() != null && NAMED_MEMBER.contains(error.getKeyword())
                ? (pointer.isEmpty() || pointer.equals("/") ? "" : pointer) + "/"
                        + error.getProperty().replace("~", "~0").replace("/", "~1")
                : pointer;
        return new ContractViolation(field.isEmpty() ? "/" : field, stripLocation(error.getMessage(), pointer));
    }

    /** networknt prefixes messages with the instance location, which the field already carries. */
    private static String stripLocation(String message, String pointer) {
        String prefix = pointer + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
