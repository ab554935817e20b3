package org.casebridge.gateway.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.adapter.spi.RefusalWriter;
import org.casebridge.gateway.audit.AuditEntry;
import org.casebridge.gateway.audit.RepeatedRefusals;
import org.springframework.stereotype.Component;

/**
 * The budgets of callers and of client addresses, and the 429 (with Retry-After) of one that is
 * spent; its refusals are counted in the audit trail, not written one row each.
 */
@Component
class RateLimits {

    static final String RATE_LIMITED = Reason.RATE_LIMITED.code();

    private final ClientBudgets callers;
    private final ClientBudgets addresses;
    private final RepeatedRefusals refusals;
    private final List<RefusalWriter> writers;

    RateLimits(RateLimitProperties limits, RepeatedRefusals refusals, List<RefusalWriter> writers) {
        this.callers = new ClientBudgets(limits.requestsPerSecond(), limits.burst());
        this.addresses = new ClientBudgets(limits.addressRequestsPerSecond(), limits.addressBurst());
        this.refusals = refusals;
        this.writers = writers;
    }

    /** @return whether the caller may go ahead; if not, it has been answered 429 */
    boolean admitCaller(Caller caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
        long seconds = callers.take(caller.subject());
        if (seconds == 0) {
            return true;
        }
        refuse(new AuditEntry(caller.subject(), caller.agencyId(), caller.roles(), "REQUEST",
                request.getMethod() + " " + request.getRequestURI(), false, RATE_LIMITED), request, response, seconds,
                "too many requests from " + caller.subject());
        return false;
    }

    /** @return whether a request without a caller may go ahead; if not, it has been answered 429 */
    boolean admitAddress(String actor, String action, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        long seconds = addresses.take(request.getRemoteAddr());
        if (seconds == 0) {
            return true;
        }
        refuse(new AuditEntry(actor, null, java.util.Set.of(), action, request.getMethod() + " " + request.getRequestURI(),
                false, RATE_LIMITED), request, response, seconds, "too many requests from " + request.getRemoteAddr());
        return false;
    }

    /** Records a refusal other than the rate's own, counted like it. */
    void refused(AuditEntry refusal, HttpServletRequest request) {
        refusals.record(refusal, request.getRemoteAddr());
    }

    private void refuse(AuditEntry refusal, HttpServletRequest request, HttpServletResponse response, long seconds,
            String detail) throws IOException {
        refusals.record(refusal, request.getRemoteAddr());
        ProblemAuthenticationEntryPoint.write(writers, request, response, new GatewayRejection(Reason.RATE_LIMITED,
                detail + "; retry in " + seconds + " s", null, Duration.ofSeconds(seconds)));
    }
}
