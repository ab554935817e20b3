package org.casebridge.gateway.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.casebridge.gateway.audit.AuditEntry;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Refusals by the security filters, in the same shapes as every other refusal: a problem
 * document for REST, a SOAP fault for SOAP callers.
 */
@Component
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RateLimits limits;

    ProblemAuthenticationEntryPoint(RateLimits limits) {
        this.limits = limits;
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
        write(request, response, 401, "UNAUTHENTICATED", "a valid bearer token from the Casebridge realm is required");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, 403, "FORBIDDEN", "the caller's role does not allow this");
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String detail) throws IOException {
        response.setStatus(status);
        if (request.getRequestURI().startsWith(request.getContextPath() + "/services/")) {
            response.setContentType("text/xml;charset=UTF-8");
            response.getOutputStream().write(SoapFaultBody.of(code, detail).getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setContentType("application/problem+json");
        String title = switch (status) {
            case 401 -> "Unauthorized";
            case 429 -> "Too Many Requests";
            default -> "Forbidden";
        };
        ObjectNode problem = JSON.createObjectNode()
                .put("type", "about:blank").put("title", title).put("status", status).put("code", code).put("detail", detail);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
