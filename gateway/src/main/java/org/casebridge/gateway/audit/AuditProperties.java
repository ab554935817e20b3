package org.casebridge.gateway.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sealInterval       how often a node tries to link new entries into the chain
 * @param checkpointInterval how often the chain's head is signed, when it moved
 * @param sealBatch          entries linked per transaction
 * @param pageSize           links read per page when the chain is verified
 * @param unsealedGrace      an entry older than this and still not linked is counted in verification
 * @param refusalWindow      repeated refusals of one client address, reason and subject within this are
 *                           written as one counted entry (the first of them at once)
 */
@ConfigurationProperties("casebridge.audit")
public record AuditProperties(
        @DefaultValue("200ms") Duration sealInterval,
        @DefaultValue("1m") Duration checkpointInterval,
        @DefaultValue("1000") int sealBatch,
        @DefaultValue("1000") int pageSize,
        @DefaultValue("1m") Duration unsealedGrace,
        @DefaultValue("1m") Duration refusalWindow) {
}
