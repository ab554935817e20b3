package org.casebridge.gateway.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param issuer      the realm's issuer URL; tokens from any other issuer are refused
 * @param audience    the audience every token must carry
 * @param agencyClaim the claim naming the agency a caller acts for
 * @param clockSkew   how far the realm's clock and the gateway's may disagree on token lifetimes
 */
@ConfigurationProperties("casebridge.identity")
public record IdentityProperties(
        String issuer,
        @DefaultValue("casebridge-gateway") String audience,
        @DefaultValue("agency_id") String agencyClaim,
        @DefaultValue("30s") java.time.Duration clockSkew) {
}
