package org.casebridge.gateway.deadlines;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** All clocks of one jurisdiction profile, in file order. */
public record RuleSet(Jurisdiction jurisdiction, Map<String, ClockRule> clocks) {

    public RuleSet {
        clocks = Collections.unmodifiableMap(new LinkedHashMap<>(clocks));
    }

    public String profile() {
        return jurisdiction.profile();
    }

    public String version() {
        return jurisdiction.version();
    }

    public Optional<ClockRule> find(String clockId) {
        return Optional.ofNullable(clocks.get(clockId));
    }

    public ClockRule clock(String clockId) {
        return find(clockId).orElseThrow(() -> new UnknownDeadlineRule(
                "profile " + profile() + " has no clock " + clockId + "; it has " + clocks.keySet()));
    }

    public Collection<ClockRule> all() {
        return clocks.values();
    }

    /** Clocks this event starts or restarts; the lifecycle picks among alternatives (fast track or not). */
    public List<ClockRule> startedBy(String event) {
        return clocks.values().stream().filter(c -> c.startsOn(event)).toList();
    }

    public List<ClockRule> stoppedBy(String event) {
        return clocks.values().stream().filter(c -> c.stopsOn(event)).toList();
    }

    /** Every event name the rules refer to, so the lifecycle can check them against its own at start-up. */
    public SortedSet<String> events() {
        SortedSet<String> events = new TreeSet<>();
        for (ClockRule c : clocks.values()) {
            events.add(c.startEvent());
            events.addAll(c.restartEvents());
            events.addAll(c.stopEvents());
            c.pausedBy().forEach(p -> {
                events.add(p.pause());
                events.add(p.resume());
            });
        }
        return events;
    }
}
