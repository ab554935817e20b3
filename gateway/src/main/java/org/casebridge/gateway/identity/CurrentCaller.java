package org.casebridge.gateway.identity;

import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.GatewayRejection;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** The caller of the request being served. */
@Component
public class CurrentCaller implements CallerContext {

    private final CallerMapping mapping;

    CurrentCaller(IdentityProperties properties) {
        this.mapping = new CallerMapping(properties.agencyClaim());
    }

    @Override
    public Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return mapping.toCaller(jwt);
        }
        if (authentication != null && authentication.getPrincipal() instanceof ConsoleUser person) {
            return person.caller();
        }
        throw new GatewayRejection(GatewayRejection.Reason.UNAUTHENTICATED, "a bearer token is required");
    }

    CallerMapping mapping() {
        return mapping;
    }
}
