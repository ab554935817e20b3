package org.casebridge.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST resources implement exactly the operations of the OpenAPI contract: a resource added
 * without its contract, or a contract operation without its resource, fails here.
 */
class ContractDriftTest {

    private static final Set<Class<?>> RESOURCES = Set.of(
            classOf("org.casebridge.adapter.rest.MessagesResource"),
            classOf("org.casebridge.adapter.rest.InboxResource"),
            classOf("org.casebridge.adapter.rest.AttachmentsResource"),
            classOf("org.casebridge.gateway.receipts.KeysController"),
            classOf("org.casebridge.gateway.tracking.HandoffsController"),
            classOf("org.casebridge.gateway.evidence.EvidenceController"),
            classOf("org.casebridge.gateway.admin.AdminController"),
            classOf("org.casebridge.gateway.deadlines.DeadlinesController"));

    @Test
    void everyContractOperationHasAResourceAndBack() {
        ObjectNode openApi = OpenApiBundle.load();
        Set<String> contract = new TreeSet<>();
        openApi.get("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> contract.add(method.toUpperCase() + " " + path.getKey())));

        Set<String> implemented = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            for (var method : resource.getDeclaredMethods()) {
                GetMapping get = method.getAnnotation(GetMapping.class);
                PostMapping post = method.getAnnotation(PostMapping.class);
                if (get != null) {
                    add(implemented, "GET", get.path().length > 0 ? get.path() : get.value());
                }
                if (post != null) {
                    add(implemented, "POST", post.path().length > 0 ? post.path() : post.value());
                }
            }
        }
        assertThat(implemented).isEqualTo(contract);
    }

    @Test
    void theBundleIsSelfContained() {
        String bundle = OpenApiBundle.load().toString();
        assertThat(bundle).doesNotContain("\"$ref\":\"./casebridge-v1.schema.json").doesNotContain("#/$defs/");
        assertThat(OpenApiBundle.load().at("/components/schemas/Message/properties/attachments/items/$ref").asString())
                .isEqualTo("#/components/schemas/Attachment");
    }

    @Test
    void theContractNamesEveryHandoffState() {
        Set<String> documented = new TreeSet<>();
        OpenApiBundle.load().at("/components/schemas/HandoffDetail/properties/state/enum").forEach(v -> documented.add(v.asString()));
        Set<String> states = new TreeSet<>();
        for (Object state : classOf("org.casebridge.gateway.lifecycle.HandoffState").getEnumConstants()) {
            states.add(((Enum<?>) state).name());
        }
        assertThat(documented).isEqualTo(states);
    }

    private static void add(Set<String> operations, String method, String[] paths) {
        for (String path : paths) {
            operations.add(method + " " + path);
        }
    }

    private static Class<?> classOf(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
