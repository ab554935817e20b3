package org.casebridge.gateway.deadlines;

import java.util.List;

/**
 * A rule-set file as written (YAML), before validation. Everything is optional here so the
 * reader can report every missing item instead of failing on the first.
 *
 * <pre>
 * profile: cn
 * version: "2026.1"
 * zone: Asia/Shanghai
 * calendar: cn
 * countingSource: "CPL 105"
 * defaultWarnings: [{level: HALF, at: 0.5}, {level: DUE, at: DUE_DAY}, {level: OVERDUE, at: DEADLINE}]
 * clocks:
 *   - id: police-decision
 *     name: {zh: 立案审查决定, en: Police decide to register or refuse the case}
 *     legalBasis: {instrument: ..., article: Art. 8, source: SC 8}
 *     startEvent: RECEIVED
 *     stopEvents: [REGISTERED, REFUSED]
 *     duration: {amount: 3, unit: CALENDAR_DAYS}
 *     startDayCounts: false
 *     rollForward: true
 *     custodyException: false
 *     responsible: POLICE
 * </pre>
 */
record RuleSetFile(
        String profile,
        String version,
        String zone,
        String calendar,
        String countingSource,
        List<WarningEntry> defaultWarnings,
        List<Clock> clocks) {

    record Clock(
            String id,
            Name name,
            Basis legalBasis,
            String startEvent,
            String startsAt,
            List<String> restartEvents,
            List<String> stopEvents,
            Amount duration,
            Boolean startDayCounts,
            Boolean rollForward,
            Boolean custodyException,
            List<Pause> pausedBy,
            List<Extension> extensions,
            String responsible,
            List<WarningEntry> warnings,
            Integer maxRounds,
            Boolean statutory,
            Boolean unverified,
            String note,
            String countingSource) {
    }

    record Name(String zh, String en) {
    }

    record Basis(String instrument, String article, String source) {
    }

    record Amount(Long amount, String unit) {
    }

    record Pause(String pause, String resume) {
    }

    record Extension(String id, Long amount, String unit, String mode, String approvedBy, Integer maxTimes,
                     String condition, Boolean unverified) {
    }

    /** {@code at} is a fraction such as 0.8, or DUE_DAY, or DEADLINE. */
    record WarningEntry(String level, String at) {
    }
}
