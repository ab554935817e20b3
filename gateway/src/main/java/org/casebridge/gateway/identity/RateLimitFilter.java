package org.casebridge.gateway.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.gateway.audit.AuditEntry;
import org.casebridge.gateway.audit.AuditTrail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps any one caller from crowding out the others: beyond its rate a caller gets 429 with the
 * seconds to wait in Retry-After. Runs after authentication, so the limit is per identity.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimitProperties limits;
    private final CallerMapping mapping;
    private final AuditTrail audit;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(RateLimitProperties limits, CallerMapping mapping, AuditTrail audit) {
        this.limits = limits;
        this.mapping = mapping;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller = mapping.toCaller(jwt);
        long now = System.nanoTime();
        long wait = buckets.computeIfAbsent(caller.subject(),
                key -> new TokenBucket(limits.requestsPerSecond(), limits.burst(), now)).take(now);
        if (wait == 0) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
        audit.record(new AuditEntry(caller.subject(), caller.agencyId(), caller.roles(), "REQUEST",
                request.getMethod() + " " + request.getRequestURI(), false, "RATE_LIMITED"));
        response.setHeader("Retry-After", Long.toString(seconds));
        ProblemAuthenticationEntryPoint.write(request, response, 429, "RATE_LIMITED",
                "too many requests from " + caller.subject() + "; retry in " + seconds + " s");
    }
}
