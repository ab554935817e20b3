package org.casebridge.gateway.deadlines;

import static org.casebridge.gateway.deadlines.DataFiles.EVENT;
import static org.casebridge.gateway.deadlines.DataFiles.ID;
import static org.casebridge.gateway.deadlines.DataFiles.isBlank;
import static org.casebridge.gateway.deadlines.DataFiles.parseEnum;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads and validates one rule-set file, reporting every problem with the clock it belongs to. */
final class RuleSetReader {

    private RuleSetReader() {
    }

    static RuleSet read(InputStream in, String source) {
        RuleSetFile file = DataFiles.parse(in, RuleSetFile.class, source);
        List<String> problems = new ArrayList<>();
        if (isBlank(file.profile()) || !ID.matcher(file.profile()).matches()) {
            problems.add("profile must be 1-63 lower-case letters, digits or dashes, found " + file.profile());
        }
        if (isBlank(file.version())) {
            problems.add("version is missing (e.g. \"2026.1\")");
        }
        ZoneId zone = parseZone(file.zone(), problems);
        if (isBlank(file.calendar()) || !ID.matcher(file.calendar()).matches()) {
            problems.add("calendar must name a holiday calendar id such as cn, found " + file.calendar());
        }
        if (isBlank(file.countingSource())) {
            problems.add("countingSource is missing: cite where the counting rules come from (e.g. CPL 105)");
        }
        List<WarningRule> defaults = file.defaultWarnings() == null
                ? List.of() : warnings(file.defaultWarnings(), "defaultWarnings", problems);
        if (file.clocks() == null || file.clocks().isEmpty()) {
            problems.add("no clocks are listed");
        }
        if (!problems.isEmpty()) {
            throw new InvalidDeadlineData(source, problems);
        }
        Jurisdiction jurisdiction = new Jurisdiction(file.profile(), file.version(), zone, file.calendar(),
                file.countingSource());
        Map<String, ClockRule> clocks = new LinkedHashMap<>();
        for (int i = 0; i < file.clocks().size(); i++) {
            RuleSetFile.Clock entry = file.clocks().get(i);
            String where = "clocks[" + i + "]" + (entry.id() == null ? "" : " (" + entry.id() + ")");
            List<String> clockProblems = new ArrayList<>();
            ClockRule clock = toClock(entry, jurisdiction, defaults, clockProblems);
            clockProblems.forEach(p -> problems.add(where + ": " + p));
            if (clock != null && clocks.putIfAbsent(clock.id(), clock) != null) {
                problems.add(where + ": id " + clock.id() + " is listed twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDeadlineData(source, problems);
        }
        return new RuleSet(jurisdiction, clocks);
    }

    private static ClockRule toClock(RuleSetFile.Clock c, Jurisdiction jurisdiction, List<WarningRule> defaults,
                                     List<String> problems) {
        if (isBlank(c.id()) || !ID.matcher(c.id()).matches()) {
            problems.add("id must be 1-63 lower-case letters, digits or dashes, found " + c.id());
        }
        if (c.name() == null || isBlank(c.name().zh()) || isBlank(c.name().en())) {
            problems.add("name needs both zh and en");
        }
        RuleSetFile.Basis basis = c.legalBasis();
        if (basis == null || isBlank(basis.instrument()) || isBlank(basis.article()) || isBlank(basis.source())) {
            problems.add("legalBasis needs instrument, article and source (a short citation such as SC 8)");
        }
        event(c.startEvent(), "startEvent", problems);
        ClockStart startsAt = c.startsAt() == null ? ClockStart.EVENT : parseEnum(ClockStart.class, c.startsAt(), "startsAt", problems);
        List<String> restart = events(c.restartEvents(), "restartEvents", problems);
        List<String> stop = events(c.stopEvents(), "stopEvents", problems);
        if (c.stopEvents() == null) {
            problems.add("stopEvents is missing (write [] if no lifecycle event stops the clock)");
        }
        if (c.startEvent() != null && stop.contains(c.startEvent())) {
            problems.add("startEvent " + c.startEvent() + " also stops the clock");
        }
        ClockPeriod duration = period(c.duration() == null ? null : c.duration().amount(),
                c.duration() == null ? null : c.duration().unit(), "duration", problems);
        boolean startDayCounts = flag(c.startDayCounts(), "startDayCounts", problems);
        boolean rollForward = flag(c.rollForward(), "rollForward", problems);
        boolean custodyException = flag(c.custodyException(), "custodyException", problems);
        if (duration != null && duration.inHours() && (rollForward || custodyException)) {
            problems.add("an hour period never rolls forward: rollForward and custodyException must be false");
        }
        if (custodyException && !rollForward) {
            problems.add("custodyException only matters with rollForward: true");
        }
        List<PauseRule> pauses = pauses(c.pausedBy(), problems);
        List<ExtensionRule> extensions = extensions(c.extensions(), duration, problems);
        Responsible responsible = parseEnum(Responsible.class, c.responsible(), "responsible", problems);
        List<WarningRule> warnings = c.warnings() == null ? defaults : warnings(c.warnings(), "warnings", problems);
        if (warnings.isEmpty()) {
            problems.add("no warnings: list them or give the profile defaultWarnings");
        }
        if (c.maxRounds() != null && c.maxRounds() < 1) {
            problems.add("maxRounds must be at least 1, found " + c.maxRounds());
        }
        if (!problems.isEmpty()) {
            return null;
        }
        Jurisdiction own = isBlank(c.countingSource()) ? jurisdiction
                : new Jurisdiction(jurisdiction.profile(), jurisdiction.version(), jurisdiction.zone(),
                        jurisdiction.calendar(), c.countingSource().strip());
        return new ClockRule(own, c.id(), new LocalizedName(c.name().zh().strip(), c.name().en().strip()),
                new LegalBasis(basis.instrument().strip(), basis.article().strip(), basis.source().strip()),
                c.startEvent(), startsAt, restart, stop, duration, startDayCounts, rollForward, custodyException,
                pauses, extensions, responsible, warnings,
                c.maxRounds() == null ? OptionalInt.empty() : OptionalInt.of(c.maxRounds()),
                c.statutory() == null || c.statutory(), Boolean.TRUE.equals(c.unverified()),
                Optional.ofNullable(c.note()).map(String::strip));
    }

    private static List<PauseRule> pauses(List<RuleSetFile.Pause> entries, List<String> problems) {
        if (entries == null) {
            return List.of();
        }
        List<PauseRule> pauses = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            RuleSetFile.Pause p = entries.get(i);
            String field = "pausedBy[" + i + "]";
            if (p == null) {
                problems.add(field + " is empty");
                continue;
            }
            boolean ok = event(p.pause(), field + ".pause", problems) & event(p.resume(), field + ".resume", problems);
            if (ok && p.pause().equals(p.resume())) {
                problems.add(field + ": pause and resume must be different events");
            }
            if (ok) {
                pauses.add(new PauseRule(p.pause(), p.resume()));
            }
        }
        return pauses;
    }

    private static List<ExtensionRule> extensions(List<RuleSetFile.Extension> entries, ClockPeriod base,
                                                  List<String> problems) {
        if (entries == null) {
            return List.of();
        }
        List<ExtensionRule> extensions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            RuleSetFile.Extension e = entries.get(i);
            String field = "extensions[" + i + "]";
            List<String> own = new ArrayList<>();
            if (e == null) {
                problems.add(field + " is empty");
                continue;
            }
            if (isBlank(e.id()) || !ID.matcher(e.id()).matches()) {
                own.add(field + ".id must be lower-case letters, digits or dashes, found " + e.id());
            } else if (!ids.add(e.id())) {
                own.add(field + ".id " + e.id() + " is listed twice");
            }
            ClockPeriod period = period(e.amount(), e.unit(), field, own);
            if (period != null && base != null && period.inHours() != base.inHours()) {
                own.add(field + ": an hour clock takes hour extensions only, a day clock no hour extensions");
            }
            ExtensionMode mode = e.mode() == null ? ExtensionMode.ADD
                    : parseEnum(ExtensionMode.class, e.mode(), field + ".mode", own);
            if (e.maxTimes() == null || e.maxTimes() < 1) {
                own.add(field + ".maxTimes must be at least 1, found " + e.maxTimes());
            }
            if (mode == ExtensionMode.TOTAL && e.maxTimes() != null && e.maxTimes() != 1) {
                own.add(field + ": a TOTAL extension replaces the period and can apply only once (maxTimes: 1)");
            }
            problems.addAll(own);
            if (own.isEmpty()) {
                extensions.add(new ExtensionRule(e.id(), period, mode, optional(e.approvedBy()), e.maxTimes(),
                        optional(e.condition()), Boolean.TRUE.equals(e.unverified())));
            }
        }
        return extensions;
    }

    private static List<WarningRule> warnings(List<RuleSetFile.WarningEntry> entries, String field,
                                              List<String> problems) {
        List<WarningRule> warnings = new ArrayList<>();
        Set<String> levels = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            RuleSetFile.WarningEntry w = entries.get(i);
            String where = field + "[" + i + "]";
            if (w == null || isBlank(w.level()) || !EVENT.matcher(w.level()).matches()) {
                problems.add(where + ".level must be an upper-case name such as WARNING");
                continue;
            }
            if (!levels.add(w.level())) {
                problems.add(where + ".level " + w.level() + " is listed twice");
            }
            String at = w.at() == null ? "" : w.at().strip();
            switch (at) {
                case "DUE_DAY" -> warnings.add(new WarningRule(w.level(), WarningAnchor.DUE_DAY, 0));
                case "DEADLINE" -> warnings.add(new WarningRule(w.level(), WarningAnchor.DEADLINE, 1));
                default -> {
                    try {
                        double fraction = Double.parseDouble(at);
                        if (!(fraction > 0 && fraction < 1)) {
                            throw new NumberFormatException();
                        }
                        warnings.add(new WarningRule(w.level(), WarningAnchor.FRACTION, fraction));
                    } catch (NumberFormatException e) {
                        problems.add(where + ".at must be a fraction between 0 and 1, DUE_DAY or DEADLINE, found " + w.at());
                    }
                }
            }
        }
        return warnings;
    }

    private static ClockPeriod period(Long amount, String unit, String field, List<String> problems) {
        PeriodUnit parsed = parseEnum(PeriodUnit.class, unit, field + ".unit", problems);
        if (amount == null || amount < 1) {
            problems.add(field + ".amount must be at least 1, found " + amount);
            return null;
        }
        return parsed == null ? null : new ClockPeriod(amount, parsed);
    }

    private static boolean flag(Boolean value, String field, List<String> problems) {
        if (value == null) {
            problems.add(field + " is missing (true or false): counting rules are never left to a default");
            return false;
        }
        return value;
    }

    private static List<String> events(List<String> names, String field, List<String> problems) {
        if (names == null) {
            return List.of();
        }
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (event(names.get(i), field + "[" + i + "]", problems)) {
                valid.add(names.get(i));
            }
        }
        return valid;
    }

    private static boolean event(String name, String field, List<String> problems) {
        if (isBlank(name) || !EVENT.matcher(name).matches()) {
            problems.add(field + " must be an upper snake case event name such as RECEIVED, found " + name);
            return false;
        }
        return true;
    }

    private static ZoneId parseZone(String zone, List<String> problems) {
        if (isBlank(zone)) {
            problems.add("zone is missing (e.g. Asia/Shanghai)");
            return null;
        }
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            problems.add("zone is not a time zone id: " + zone);
            return null;
        }
    }

    private static Optional<String> optional(String value) {
        return isBlank(value) ? Optional.empty() : Optional.of(value.strip());
    }
}
