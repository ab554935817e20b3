package org.casebridge.gateway.deadlines;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jurisdiction profiles: every file of {@code classpath:deadlines/profiles}, then every file of
 * an operator's directory, where a profile of the same id replaces the shipped one. Each file is
 * named after its profile ({@code cn.yml}).
 */
public final class RuleSets {

    static final String CLASSPATH_FOLDER = "deadlines/profiles";

    private final Map<String, RuleSet> profiles;

    private RuleSets(Map<String, RuleSet> profiles) {
        this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    }

    /** Loads the shipped profiles and those of {@code externalProfileDir}, which win. */
    public static RuleSets load(Optional<Path> externalProfileDir) {
        Map<String, RuleSet> profiles = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (RuleSet set : DataFiles.readClasspath(CLASSPATH_FOLDER, RuleSets::readNamed)) {
            if (profiles.putIfAbsent(set.profile(), set) != null) {
                problems.add("profile " + set.profile() + " is on the classpath twice");
            }
        }
        Map<String, RuleSet> external = new LinkedHashMap<>();
        for (RuleSet set : DataFiles.readDirectory(externalProfileDir, RuleSets::readNamed)) {
            if (external.putIfAbsent(set.profile(), set) != null) {
                problems.add("profile " + set.profile() + " is in " + externalProfileDir.orElseThrow() + " twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDeadlineData("deadline profiles", problems);
        }
        profiles.putAll(external);
        return new RuleSets(profiles);
    }

    public static RuleSets of(RuleSet... sets) {
        Map<String, RuleSet> profiles = new LinkedHashMap<>();
        for (RuleSet set : sets) {
            profiles.put(set.profile(), set);
        }
        return new RuleSets(profiles);
    }

    public Optional<RuleSet> find(String profile) {
        return Optional.ofNullable(profiles.get(profile));
    }

    public RuleSet profile(String profile) {
        return find(profile).orElseThrow(() -> new UnknownDeadlineRule(
                "no deadline profile " + profile + "; loaded: " + profiles.keySet()));
    }

    /** The clock {@code clockId} of {@code profile}; throws {@link UnknownDeadlineRule} if either is unknown. */
    public ClockRule clock(String profile, String clockId) {
        return profile(profile).clock(clockId);
    }

    public Collection<RuleSet> all() {
        return profiles.values();
    }

    /** Problems if a profile names a calendar that has no file at all; the gateway checks this at start-up. */
    public List<String> missingCalendars(HolidayCalendars calendars) {
        return profiles.values().stream()
                .filter(set -> calendars.find(set.jurisdiction().calendar()).isEmpty())
                .map(set -> "profile " + set.profile() + " counts with calendar " + set.jurisdiction().calendar()
                        + ", but no calendar file for it is loaded")
                .toList();
    }

    private static RuleSet readNamed(InputStream in, String source) {
        RuleSet set = RuleSetReader.read(in, source);
        if (!DataFiles.baseName(source).equals(set.profile())) {
            throw new InvalidDeadlineData(source, List.of("the file must be named after its profile: "
                    + set.profile() + ".yml"));
        }
        return set;
    }
}
