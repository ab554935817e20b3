package org.casebridge.gateway.console;

import java.util.Arrays;
import java.util.List;

/**
 * What a person typed into an action's form. Blank fields are null.
 *
 * @param missingItems one item per line (request supplement)
 * @param caseNumber   the register decision's case number
 * @param reasons      why (decisions, escalation)
 */
record ActionInput(List<String> missingItems, String caseNumber, String reasons) {

    static ActionInput of(String missingItems, String caseNumber, String reasons) {
        List<String> items = missingItems == null ? List.of()
                : Arrays.stream(missingItems.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new ActionInput(items, blankToNull(caseNumber), blankToNull(reasons));
    }

    /** Stand-in content for asking the gateway whether a step is open, before anyone has typed anything. */
    static ActionInput draft() {
        return new ActionInput(List.of("-"), "-", "-");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
