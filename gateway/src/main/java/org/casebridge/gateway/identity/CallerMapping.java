package org.casebridge.gateway.identity;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.casebridge.adapter.spi.Caller;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** The one place where Keycloak's token shape becomes the gateway's notion of a caller. */
final class CallerMapping {

    private final String agencyClaim;

    CallerMapping(String agencyClaim) {
        this.agencyClaim = agencyClaim;
    }

    Caller toCaller(Jwt jwt) {
        return new Caller(subject(jwt), agency(jwt), roles(jwt));
    }

    Collection<GrantedAuthority> authorities(Jwt jwt) {
        return roles(jwt).stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
    }

    private String agency(Jwt jwt) {
        String agency = jwt.getClaimAsString(agencyClaim);
        return agency == null || agency.isBlank() ? null : agency;
    }

    /** A client acts under its client id; a person under their user name. */
    private static String subject(Jwt jwt) {
        String user = jwt.getClaimAsString("preferred_username");
        if (user != null && !user.startsWith("service-account-")) {
            return user;
        }
        String client = jwt.getClaimAsString("azp");
        return client != null ? client : jwt.getSubject();
    }

    private static Set<String> roles(Jwt jwt) {
        Set<String> roles = new HashSet<>();
        Object realmAccess = jwt.getClaims().get("realm_access");
        if (realmAccess instanceof Map<?, ?> access && access.get("roles") instanceof List<?> list) {
            list.forEach(role -> roles.add(String.valueOf(role)));
        }
        return roles;
    }
}
