package org.casebridge.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.Action;
import org.casebridge.gateway.agencies.Agency;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.DispatchState;
import org.casebridge.gateway.routing.Dispatches;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What operators need to run the gateway: configuration and delivery state, never a case's content. */
@RestController
class AdminController {

    private final AgencyDirectory agencies;
    private final Dispatches dispatches;
    private final AccessPolicy access;
    private final CallerContext callers;

    AdminController(AgencyDirectory agencies, Dispatches dispatches, AccessPolicy access, CallerContext callers) {
        this.agencies = agencies;
        this.dispatches = dispatches;
        this.access = access;
        this.callers = callers;
    }

    @GetMapping(path = "/api/v1/admin/agencies", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<AgencyView>> agencies() {
        access.requireOperator(callers.current(), Action.ADMINISTER, "agencies");
        return Map.of("agencies", agencies.all().stream()
                .sorted(Comparator.comparing(Agency::id))
                .map(a -> new AgencyView(a.id(), a.name(), a.kind().name(), a.deliveryMode().value(),
                        a.endpoint().map(Object::toString).orElse(null), a.consumers(), a.units(), a.certificate().isPresent()))
                .toList());
    }

    @GetMapping(path = "/api/v1/admin/dispatches", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<DispatchView>> dispatches(@RequestParam(defaultValue = "QUEUED") String state,
            @RequestParam(defaultValue = "100") int limit) {
        access.requireOperator(callers.current(), Action.ADMINISTER, "dispatches");
        DispatchState wanted;
        try {
            wanted = DispatchState.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new GatewayRejection(GatewayRejection.Reason.CONTRACT_VIOLATION,
                    "state must be one of " + List.of(DispatchState.values()), "state");
        }
        if (limit < 1 || limit > 1000) {
            throw new GatewayRejection(GatewayRejection.Reason.CONTRACT_VIOLATION, "limit must be 1 to 1000", "limit");
        }
        return Map.of("dispatches", dispatches.inState(wanted, limit).stream().map(DispatchView::of).toList());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AgencyView(String id, String name, String kind, String deliveryMode, String endpoint, int consumers,
            List<String> units, boolean certificate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DispatchView(String dispatchId, String kind, String messageId, String recipient, String handoffId,
            String state, java.time.Instant createdAt, int attempts, String lastError, int round) {
        static DispatchView of(Dispatch d) {
            return new DispatchView(d.dispatchId(), d.kind().value(), d.messageId(), d.recipient(), d.handoffId(),
                    d.state().name(), d.createdAt(), d.attempts(), d.lastError(), d.round());
        }
    }
}
