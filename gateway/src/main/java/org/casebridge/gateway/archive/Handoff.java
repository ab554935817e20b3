package org.casebridge.gateway.archive;

import java.time.Instant;
import java.util.Set;

/**
 * A case thread between agencies, opened by a transfer.
 *
 * @param parties every agency that sent, received or was copied a message of the handoff
 */
public record Handoff(String handoffId, String profile, String openedBy, Instant openedAt, Set<String> parties) {

    public Handoff {
        parties = Set.copyOf(parties);
    }

    public boolean hasParty(String agencyId) {
        return parties.contains(agencyId);
    }
}
