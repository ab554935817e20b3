package org.casebridge.gateway.console;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.casebridge.gateway.archive.Handoff;
import org.casebridge.gateway.deadlines.ClockRule;
import org.casebridge.gateway.deadlines.RuleSets;
import org.casebridge.gateway.deadlines.UnknownDeadlineRule;
import org.casebridge.gateway.tracking.HandoffChange;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The {@code <li>} a warning notice shows in the header, rendered from {@code console/live.html}
 * in the viewer's language. Rendered outside any request (the notice arrives on the change feed),
 * so its link is built here rather than with {@code @{...}}.
 */
@Component
class WarningNoticeView {

    private final ITemplateEngine templates;
    private final RuleSets rules;

    WarningNoticeView(ITemplateEngine templates, RuleSets rules) {
        this.templates = templates;
        this.rules = rules;
    }

    String render(HandoffChange.WarningFired warning, Handoff handoff, Locale locale, String contextPath) {
        boolean english = "en".equals(locale.getLanguage());
        Context context = new Context(locale, Map.of(
                "handoffId", warning.handoffId(),
                "level", knownLevel(warning.level()),
                "clockName", clockName(handoff.profile(), warning.clock(), english),
                "link", contextPath + "/console/handoffs/" + java.net.URLEncoder.encode(warning.handoffId(),
                        java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"),
                "firedAt", warning.firedAt() == null ? "" : warning.firedAt()));
        // One line: each line of an event would be a data: line of its own.
        return templates.process("console/live", Set.of("notice"), context).strip().replaceAll("\\s*\\n\\s*", " ");
    }

    private String clockName(String profile, String clockId, boolean english) {
        if (clockId == null) {
            return "";
        }
        try {
            ClockRule rule = rules.clock(profile, clockId);
            return english ? rule.name().en() : rule.name().zh();
        } catch (UnknownDeadlineRule e) {
            return clockId;
        }
    }

    /** Levels name CSS classes and message keys: anything else shows as a plain warning. */
    private static String knownLevel(String level) {
        return level != null && Set.of("HALF", "WARNING", "DUE", "OVERDUE").contains(level) ? level : "WARNING";
    }
}
