package org.casebridge.gateway.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.adapter.spi.RefusalWriter;
import org.casebridge.gateway.audit.AuditEntry;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Refusals by the security filters, in the same shapes as every other refusal: each written by
 * the transport that serves the path (a problem document for REST, a SOAP fault for SOAP).
 */
@Component
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final RateLimits limits;
    private final List<RefusalWriter> writers;

    ProblemAuthenticationEntryPoint(RateLimits limits, List<RefusalWriter> writers) {
        this.limits = limits;
        this.writers = writers;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        // A refused token spends its client address's budget: a flood of them ends in 429s.
        if (!limits.admitAddress("anonymous", "AUTHENTICATE", request, response)) {
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"casebridge\"");
        limits.refused(new AuditEntry("anonymous", null, Set.of(), "AUTHENTICATE",
                request.getMethod() + " " + request.getRequestURI(), false, "UNAUTHENTICATED"), request);
        write(writers, request, response,
                new GatewayRejection(Reason.UNAUTHENTICATED, "a valid bearer token from the Casebridge realm is required"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(writers, request, response, new GatewayRejection(Reason.FORBIDDEN, "the caller's role does not allow this"));
    }

    static void write(List<RefusalWriter> writers, HttpServletRequest request, HttpServletResponse response,
            GatewayRejection refusal) throws IOException {
        RefusalWriter.writeFor(writers, refusal, request, response);
    }
}
