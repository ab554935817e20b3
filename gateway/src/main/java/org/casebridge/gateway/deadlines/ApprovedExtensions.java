package org.casebridge.gateway.deadlines;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks applied extensions against a clock's rules: known ids only, never more often than allowed. */
record ApprovedExtensions(Optional<ExtensionRule> replacement, List<ExtensionRule> additions) {

    static ApprovedExtensions check(ClockRule rule, List<AppliedExtension> applied) {
        Map<String, Integer> times = new LinkedHashMap<>();
        Optional<ExtensionRule> replacement = Optional.empty();
        List<ExtensionRule> additions = new ArrayList<>();
        for (AppliedExtension a : applied) {
            ExtensionRule ext = rule.extension(a.id()).orElseThrow(() -> new ExtensionRefused(
                    rule.citation() + " has no extension " + a.id() + "; it allows "
                            + rule.extensions().stream().map(ExtensionRule::id).toList()));
            int n = times.merge(ext.id(), 1, Integer::sum);
            if (n > ext.maxTimes()) {
                throw new ExtensionRefused(rule.citation() + " allows extension " + ext.id() + " at most "
                        + ext.maxTimes() + (ext.maxTimes() == 1 ? " time" : " times") + "; it was applied " + n + " times");
            }
            if (ext.mode() == ExtensionMode.TOTAL) {
                // The later approval governs: a 7-day review later approved as complex becomes 30 days.
                replacement = Optional.of(ext);
            } else {
                additions.add(ext);
            }
        }
        return new ApprovedExtensions(replacement, additions);
    }

    boolean any() {
        return replacement.isPresent() || !additions.isEmpty();
    }

    boolean anyUnverified() {
        return replacement.map(ExtensionRule::unverified).orElse(false)
                || additions.stream().anyMatch(ExtensionRule::unverified);
    }

    static String label(ExtensionRule ext) {
        return "extension " + ext.id() + ext.approvedBy().map(by -> " approved by " + by).orElse("")
                + ext.condition().map(c -> " (" + c + ")").orElse("")
                + (ext.unverified() ? " [unverified]" : "");
    }
}
