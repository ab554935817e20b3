package org.casebridge.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.contracts.codec.StrictUtf8;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.Action;
import org.casebridge.gateway.audit.AuditEntry;
import org.casebridge.gateway.audit.AuditTrail;
import org.casebridge.gateway.delivery.DeadLetters;
import org.casebridge.gateway.delivery.DeliveryAttempts;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.Dispatches;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead letters for operators: what failed and how often, the attempts of any dispatch, and the
 * two ways out, retry or abandon. Every action is audited, the refused ones too.
 */
@RestController
class DeliveryAdminController {

    static final String RETRY = "RETRY_DEAD_LETTER";
    static final String ABANDON = "ABANDON_DEAD_LETTER";
    private static final int LONGEST_REASON = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeadLetters deadLetters;
    private final DeliveryAttempts attempts;
    private final Dispatches dispatches;
    private final AccessPolicy access;
    private final CallerContext callers;
    private final AuditTrail audit;

    DeliveryAdminController(DeadLetters deadLetters, DeliveryAttempts attempts, Dispatches dispatches, AccessPolicy access,
            CallerContext callers, AuditTrail audit) {
        this.deadLetters = deadLetters;
        this.attempts = attempts;
        this.dispatches = dispatches;
        this.access = access;
        this.callers = callers;
        this.audit = audit;
    }

    @GetMapping(path = "/api/v1/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<AdminController.DispatchView>> deadLetters(@RequestParam(defaultValue = "100") int limit) {
        access.requireOperator(callers.current(), Action.ADMINISTER, "dead-letters");
        if (limit < 1 || limit > 1000) {
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "limit must be 1 to 1000", "limit");
        }
        return Map.of("deadLetters", deadLetters.list(limit).stream().map(AdminController.DispatchView::of).toList());
    }

    @GetMapping(path = "/api/v1/admin/dispatches/{dispatchId}/attempts", produces = MediaType.APPLICATION_JSON_VALUE)
    AttemptsView attempts(@PathVariable String dispatchId) {
        access.requireOperator(callers.current(), Action.ADMINISTER, "dispatch:" + dispatchId);
        Dispatch dispatch = dispatches.find(dispatchId)
                .orElseThrow(() -> new GatewayRejection(Reason.NOT_FOUND, "no dispatch " + dispatchId));
        return new AttemptsView(dispatch.dispatchId(), dispatch.state().name(), dispatch.round(),
                attempts.of(dispatchId).stream().map(AttemptView::of).toList());
    }

    @PostMapping(path = "/api/v1/admin/dead-letters/{dispatchId}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    ActionView retry(@PathVariable String dispatchId) {
        Caller caller = callers.current();
        access.requireOperator(caller, Action.ADMINISTER, "dispatch:" + dispatchId);
        return audited(caller, RETRY, dispatchId, () -> ActionView.of(deadLetters.retry(dispatchId)));
    }

    @PostMapping(path = "/api/v1/admin/dead-letters/{dispatchId}/abandon", produces = MediaType.APPLICATION_JSON_VALUE)
    ActionView abandon(@PathVariable String dispatchId, @RequestBody(required = false) byte[] body) {
        Caller caller = callers.current();
        access.requireOperator(caller, Action.ADMINISTER, "dispatch:" + dispatchId);
        return audited(caller, ABANDON, dispatchId, () -> ActionView.of(deadLetters.abandon(dispatchId, caller.subject(), reason(body))));
    }

    /** The operator's reason, required: an abandoned dispatch is never delivered, someone must say why. */
    private static String reason(byte[] bytes) {
        String body;
        try {
            // Strictly: a lenient decoder would keep U+FFFD (or '/' for C0 AF) in the audit trail for bytes nobody wrote.
            body = bytes == null ? null : StrictUtf8.decode(bytes);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new GatewayRejection(Reason.MALFORMED_REQUEST, "the body is not JSON in UTF-8: " + e.getMessage());
        }
        if (body == null || body.isBlank()) {
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "a JSON body with a reason is required", "/reason");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new GatewayRejection(Reason.MALFORMED_REQUEST, "the body is not JSON");
        }
        JsonNode reason = json == null ? null : json.get("reason");
        if (reason == null || !reason.isString() || reason.asString().isBlank()) {
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "reason must be a non-empty string", "/reason");
        }
        if (reason.asString().length() > LONGEST_REASON) {
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "reason must be at most " + LONGEST_REASON + " characters", "/reason");
        }
        return reason.asString().strip();
    }

    private ActionView audited(Caller caller, String action, String dispatchId, java.util.function.Supplier<ActionView> act) {
        String target = "dispatch:" + dispatchId;
        try {
            ActionView done = act.get();
            audit.record(new AuditEntry(caller.subject(), caller.agencyId(), caller.roles(), action, target, true, null));
            return done;
        } catch (GatewayRejection refused) {
            audit.record(new AuditEntry(caller.subject(), caller.agencyId(), caller.roles(), action, target, false, refused.code()));
            throw refused;
        }
    }

    record AttemptsView(String dispatchId, String state, int round, List<AttemptView> attempts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttemptView(int attempt, int round, Instant startedAt, long durationMillis, String node, String outcome,
            String errorKind, String error) {
        static AttemptView of(DeliveryAttempts.Attempt a) {
            return new AttemptView(a.attempt(), a.round(), a.startedAt(), a.duration().toMillis(), a.node(), a.outcome(),
                    a.errorKind(), a.error());
        }
    }

    /** @param released the held dispatches of the handoff put back on the queue after it, in order */
    record ActionView(String dispatchId, String state, int round, List<String> released) {
        static ActionView of(DeadLetters.Outcome outcome) {
            return new ActionView(outcome.dispatch().dispatchId(), outcome.dispatch().state().name(), outcome.dispatch().round(),
                    outcome.released());
        }
    }
}
