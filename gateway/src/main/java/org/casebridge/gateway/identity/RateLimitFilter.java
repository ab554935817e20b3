package org.casebridge.gateway.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps any one caller from crowding out the others: beyond its rate a caller gets 429 with the
 * seconds to wait in Retry-After. Runs after authentication, so the limit is per identity (a
 * bearer token or a console session); what comes without one is limited per client address.
 * Health and readiness are not limited: the probes must always get through.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;
    private final CallerMapping mapping;

    RateLimitFilter(RateLimits limits, CallerMapping mapping) {
        this.limits = limits;
        this.mapping = mapping;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Object principal = authentication == null ? null : authentication.getPrincipal();
        boolean admitted;
        if (principal instanceof Jwt jwt) {
            admitted = limits.admitCaller(mapping.toCaller(jwt), request, response);
        } else if (principal instanceof ConsoleUser person) {
            admitted = limits.admitCaller(person.caller(), request, response);
        } else if (isProbe(request)) {
            admitted = true;
        } else {
            admitted = limits.admitAddress("anonymous", "REQUEST", request, response);
        }
        if (admitted) {
            chain.doFilter(request, response);
        }
    }

    private static boolean isProbe(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }
}
