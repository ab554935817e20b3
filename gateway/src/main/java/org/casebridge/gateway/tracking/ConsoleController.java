package org.casebridge.gateway.tracking;

import java.util.List;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.archive.HandoffSummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The signed-in person's start page: who they are to the gateway and the handoffs they may follow. */
@Controller
class ConsoleController {

    private final HandoffViews views;
    private final AccessPolicy access;
    private final CallerContext callers;

    ConsoleController(HandoffViews views, AccessPolicy access, CallerContext callers) {
        this.views = views;
        this.access = access;
        this.callers = callers;
    }

    @GetMapping("/console")
    String console(Model model) {
        Caller caller = callers.current();
        boolean readsCases = !access.readScope(caller).none();
        List<HandoffSummary> handoffs = readsCases ? views.list(caller, HandoffViews.MAX_PAGE, 0) : List.of();
        model.addAttribute("caller", caller);
        model.addAttribute("roles", caller.roles().stream().sorted().toList());
        model.addAttribute("readsCases", readsCases);
        model.addAttribute("handoffs", handoffs);
        return "console";
    }
}
