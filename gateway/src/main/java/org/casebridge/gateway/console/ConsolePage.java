package org.casebridge.gateway.console;

import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.gateway.access.AccessPolicy;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page shows in its header: who is signed in, their roles and agency, and
 * whether their roles read cases at all (the access policy decides, not the page).
 */
@ControllerAdvice(basePackageClasses = ConsolePage.class)
class ConsolePage {

    private final CallerContext callers;
    private final AccessPolicy access;

    ConsolePage(CallerContext callers, AccessPolicy access) {
        this.callers = callers;
        this.access = access;
    }

    @ModelAttribute
    void header(Model model) {
        Caller caller = callers.current();
        model.addAttribute("caller", caller);
        model.addAttribute("roles", caller.roles().stream().sorted().toList());
        model.addAttribute("readsCases", !access.readScope(caller).none());
    }
}
