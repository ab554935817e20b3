package org.casebridge.gateway.intake;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param profiles        jurisdiction profiles the gateway accepts messages under
 * @param maxClockSkew    how far in the future a sender's sentAt may be
 * @param groupCommit     how concurrent submissions share recording transactions
 */
@ConfigurationProperties("casebridge.intake")
public record IntakeProperties(
        @DefaultValue("cn") Set<String> profiles,
        @DefaultValue("5m") Duration maxClockSkew,
        @DefaultValue GroupCommitSettings groupCommit) {

    /**
     * @param transactions recording transactions at once (each holds a database connection)
     * @param maxBatch     messages one transaction records at most; 1 turns group commit off
     */
    public record GroupCommitSettings(@DefaultValue("1") int transactions, @DefaultValue("32") int maxBatch) {
    }
}
