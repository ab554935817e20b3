package org.casebridge.gateway.apidocs;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Judges a response by the schema its operation publishes in the served OpenAPI document, with a JSON Schema
 * validator the project did not write (networknt, draft 2020-12, formats asserted). The operation's response is
 * looked up by path template, method, status and media type; an undocumented status or media type is a violation.
 */
final class ResponseContract {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true).pathType(PathType.JSON_POINTER).build()));

    private final JsonNode document;

    ResponseContract(JsonNode servedDocument) {
        this.document = servedDocument;
    }

    /** @return the violations, each naming the operation; empty when the body conforms */
    List<String> violations(String method, String pathTemplate, int status, String contentType, String body) {
        String operation = method + " " + pathTemplate + " " + status;
        JsonNode operationNode = document.path("paths").path(pathTemplate).path(method.toLowerCase());
        if (operationNode.isMissingNode()) {
            return List.of(operation + ": no such operation in the served document");
        }
        JsonNode response = resolve(operationNode.path("responses").path(String.valueOf(status)));
        if (response.isMissingNode()) {
            return List.of(operation + ": status not documented");
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].strip();
        JsonNode media = response.path("content").path(mediaType);
        if (media.isMissingNode()) {
            return List.of(operation + ": media type " + mediaType + " not documented (documented: "
                    + response.path("content").propertyNames() + ")");
        }
        ObjectNode root = ((ObjectNode) media.get("schema")).deepCopy();
        root.set("components", document.get("components")); // so that #/components/schemas/... resolves
        Schema schema = REGISTRY.getSchema(root);
        List<String> violations = new ArrayList<>();
        schema.validate(body, com.networknt.schema.InputFormat.JSON)
                .forEach(error -> violations.add(operation + ": " + error));
        return violations;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref != null && ref.asString().startsWith("#/") ? document.at(ref.asString().substring(1)) : node;
    }
}
