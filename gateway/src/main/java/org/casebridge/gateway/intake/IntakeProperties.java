package org.casebridge.gateway.intake;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param profiles        jurisdiction profiles the gateway accepts messages under
 * @param maxClockSkew    how far in the future a sender's sentAt may be
 */
@ConfigurationProperties("casebridge.intake")
public record IntakeProperties(
        @DefaultValue("cn") Set<String> profiles,
        @DefaultValue("5m") Duration maxClockSkew) {
}
