package org.casebridge.gateway.tracking;

import java.time.Instant;
import java.util.List;

/**
 * One handoff as the list shows it, from the tracking read model.
 *
 * @param parties      the agencies taking part, sorted
 * @param direction    SENT or RECEIVED for the viewer's agency (or the agency filtered on); null for a viewer of all
 *                     agencies who filtered on none
 * @param warningLevel NONE, HALF, WARNING, DUE or OVERDUE: the most severe warning fired on a clock still running
 * @param nextDueAt    the earliest due time of the running clocks; null when none runs
 */
public record HandoffRow(String handoffId, String profile, Instant openedAt, String openingType, String senderAgency,
        String recipientAgency, List<String> parties, HandoffQuery.Direction direction, String state, String warningLevel,
        Instant nextDueAt, Instant lastActivity, List<String> documentNumbers, List<String> caseNumbers,
        List<String> partyNames) {

    /** A clock still running has fired its OVERDUE warning (the most severe level). */
    public boolean overdue() {
        return "OVERDUE".equals(warningLevel);
    }
}
