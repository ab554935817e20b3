package org.casebridge.gateway.audit;

/**
 * Where the chain stops proving what it should.
 *
 * @param seq      the link (or checkpoint) at fault; for a gap, the first missing seq
 * @param entryId  the entry the link names, when there is one
 * @param expected what the rule or the neighbouring record requires (a hash, a seq), when it applies
 * @param found    what is stored instead
 */
public record ChainBreak(long seq, Long entryId, Problem problem, String detail, String expected, String found) {

    public enum Problem {
        /** The entry's canonical body no longer hashes to the link's body_digest: the entry was edited. */
        BODY_DIGEST_DIFFERS,
        /** The link's prev_hash is not the previous link's hash. */
        PREV_HASH_DIFFERS,
        /** The link's hash is not SHA-256(prev_hash + body_digest). */
        LINK_HASH_DIFFERS,
        /** The link names an entry that is no longer there. */
        ENTRY_MISSING,
        /** A seq is missing: a link was deleted. */
        SEQ_GAP,
        /** A checkpoint's JWS does not verify with the gateway's keys, or signs other values than its row. */
        CHECKPOINT_SIGNATURE_INVALID,
        /** A checkpoint's hash is not the hash of the link at its seq (or that link is gone). */
        CHECKPOINT_HASH_MISMATCH
    }
}
