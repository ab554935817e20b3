package org.casebridge.gateway.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's front door: the handoff list is where people start. */
@Controller
class ConsoleController {

    @GetMapping("/console")
    String console() {
        return "redirect:/console/handoffs";
    }
}
