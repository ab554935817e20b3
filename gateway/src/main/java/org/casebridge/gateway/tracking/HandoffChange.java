package org.casebridge.gateway.tracking;

import java.time.Instant;

/**
 * A change notice from any gateway node on the shared database. It names a handoff and nothing
 * more that would need an access decision: whoever shows it reads the handoff through the
 * audited read paths.
 */
public sealed interface HandoffChange {

    String handoffId();

    /** The handoff's tracked row changed (channel {@code casebridge_handoff}). */
    record Changed(String handoffId) implements HandoffChange {
    }

    /**
     * A deadline warning fired (channel {@code casebridge_warning}).
     *
     * @param firedAt when, by the gateway's clock; null if the notice did not say
     */
    record WarningFired(String handoffId, String level, String clock, String warningId, Instant firedAt) implements HandoffChange {
    }
}
