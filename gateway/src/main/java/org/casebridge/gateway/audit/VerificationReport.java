package org.casebridge.gateway.audit;

/**
 * The result of re-walking the whole chain.
 *
 * @param intact                 no break found
 * @param links                  links walked
 * @param checkpoints            checkpoints checked
 * @param entries                entries stored
 * @param unsealedEntries        entries not linked yet
 * @param unsealedPastGrace      of those, the ones older than the grace period: the sealer is behind or stopped
 * @param headSeq                the last link's seq (0 for an empty chain)
 * @param headHash               its hash
 * @param problems               breaks found in all
 * @param firstBreak             the break with the lowest seq; null when intact
 */
public record VerificationReport(boolean intact, long links, long checkpoints, long entries, long unsealedEntries,
        long unsealedPastGrace, String unsealedGrace, long headSeq, String headHash, long problems, ChainBreak firstBreak,
        String verifiedAt) {
}
