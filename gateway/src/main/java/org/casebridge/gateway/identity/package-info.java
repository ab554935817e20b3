/**
 * Who is calling: the gateway is an OAuth2 resource server of the Casebridge realm. Keycloak
 * roles and the {@code agency_id} claim become a {@link org.casebridge.adapter.spi.Caller} here
 * and nowhere else.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity", allowedDependencies = {"agencies", "audit"})
package org.casebridge.gateway.identity;
