package org.casebridge.gateway.audit;

import java.util.Set;

/**
 * One audited access.
 *
 * @param actor  the authenticated subject, or {@code anonymous}
 * @param action what was attempted, e.g. READ_MESSAGE
 * @param target what it concerned, e.g. {@code message:m-1}; null when nothing in particular
 * @param reason why it was refused (a stable code); null when allowed
 */
public record AuditEntry(String actor, String actorAgency, Set<String> actorRoles, String action, String target,
        boolean allowed, String reason) {

    public AuditEntry {
        actorRoles = Set.copyOf(actorRoles);
    }
}
