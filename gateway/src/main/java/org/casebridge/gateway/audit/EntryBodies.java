package org.casebridge.gateway.audit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads back a stored {@code details} column for the body that AuditChain hashes. */
final class EntryBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EntryBodies() {
    }

    static JsonNode details(String stored) {
        return JSON.readTree(stored);
    }
}
