package org.casebridge.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The REST contract in one document: the OpenAPI file refers to the JSON Schema of the model by
 * relative references; clients want one self-contained document, so the schema's definitions
 * move under components/schemas and the references follow them.
 */
final class OpenApiBundle {

    static final String OPENAPI = "casebridge/v1/casebridge-v1.openapi.yaml";
    static final String SCHEMA = "casebridge/v1/casebridge-v1.schema.json";
    private static final String EXTERNAL_PREFIX = "./casebridge-v1.schema.json#/$defs/";
    private static final String INTERNAL_PREFIX = "#/$defs/";
    private static final String COMPONENT_PREFIX = "#/components/schemas/";

    private OpenApiBundle() {
    }

    static ObjectNode load() {
        ObjectNode openApi = (ObjectNode) read(OPENAPI, YAMLMapper.builder().build());
        JsonNode definitions = read(SCHEMA, JsonMapper.builder().build()).get("$defs");
        ObjectNode schemas = openApi.withObject("/components").withObject("/schemas");
        for (Map.Entry<String, JsonNode> definition : definitions.properties()) {
            schemas.set(definition.getKey(), definition.getValue().deepCopy());
        }
        rewriteReferences(openApi);
        return openApi;
    }

    private static void rewriteReferences(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString()) {
                String target = ref.asString();
                if (target.startsWith(EXTERNAL_PREFIX)) {
                    object.set("$ref", StringNode.valueOf(COMPONENT_PREFIX + target.substring(EXTERNAL_PREFIX.length())));
                } else if (target.startsWith(INTERNAL_PREFIX)) {
                    object.set("$ref", StringNode.valueOf(COMPONENT_PREFIX + target.substring(INTERNAL_PREFIX.length())));
                }
            }
        }
        for (Iterator<JsonNode> children = node.values().iterator(); children.hasNext(); ) {
            rewriteReferences(children.next());
        }
    }

    private static JsonNode read(String resource, tools.jackson.databind.ObjectMapper mapper) {
        try (InputStream in = OpenApiBundle.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
