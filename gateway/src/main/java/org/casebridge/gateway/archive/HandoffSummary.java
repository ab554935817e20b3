package org.casebridge.gateway.archive;

import java.time.Instant;
import java.util.List;

/** A handoff at a glance: who takes part, how many messages, when it last moved. */
public record HandoffSummary(String handoffId, String profile, String openedBy, Instant openedAt, List<String> parties,
        int messages, Instant lastActivity) {

    public HandoffSummary {
        parties = List.copyOf(parties);
    }
}
