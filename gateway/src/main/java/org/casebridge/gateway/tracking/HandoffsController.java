package org.casebridge.gateway.tracking;

import java.util.List;
import java.util.Map;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.gateway.archive.HandoffSummary;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The handoffs a caller may follow, and where each one stands. */
@RestController
class HandoffsController {

    private final HandoffViews views;
    private final ClockViews clocks;
    private final CallerContext callers;

    HandoffsController(HandoffViews views, ClockViews clocks, CallerContext callers) {
        this.views = views;
        this.clocks = clocks;
        this.callers = callers;
    }

    @GetMapping(path = "/api/v1/handoffs", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<HandoffSummary>> list(@RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return Map.of("handoffs", views.list(callers.current(), limit, offset));
    }

    @GetMapping(path = "/api/v1/handoffs/{handoffId}/clocks", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<ClockViews.ClockView>> clocks(@PathVariable String handoffId) {
        return Map.of("clocks", clocks.of(callers.current(), handoffId));
    }

    @GetMapping(path = "/api/v1/handoffs/{handoffId}", produces = MediaType.APPLICATION_JSON_VALUE)
    HandoffViews.HandoffDetail detail(@PathVariable String handoffId) {
        return views.detail(callers.current(), handoffId);
    }
}
