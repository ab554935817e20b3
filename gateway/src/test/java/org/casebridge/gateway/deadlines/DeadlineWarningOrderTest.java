package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALCULATOR;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.RULES;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.cn;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.shanghai;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Levels fire in the order the profile lists them: a level that a later level overtakes (falls at or
 * after it) is skipped. Checked on every clock of both profiles, from starts spread over every hour of
 * the day across a holiday season, with and without custody: the kept levels are in listed order at
 * strictly rising instants, each at its own instant, and a level is dropped exactly when overtaken.
 */
class DeadlineWarningOrderTest {

    static Stream<Arguments> everyClockOfBothProfiles() {
        return RULES.all().stream()
                .filter(set -> set.profile().equals("cn") || set.profile().equals("eu-eio"))
                .flatMap(set -> set.all().stream())
                .map(rule -> Arguments.of(rule.jurisdiction().profile() + "/" + rule.id(), rule));
    }

    @Test
    void bothProfilesAreCovered() {
        assertThat(everyClockOfBothProfiles().map(a -> ((String) a.get()[0]).split("/")[0]).distinct())
                .containsExactlyInAnyOrder("cn", "eu-eio");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyClockOfBothProfiles")
    void levelsFireInListedOrderAndOvertakenLevelsAreSkipped(String name, ClockRule rule) {
        List<String> listed = rule.warnings().stream().map(WarningRule::level).toList();
        for (Instant start : starts(rule)) {
            for (boolean custody : new boolean[] {false, true}) {
                Deadline deadline = CALCULATOR.compute(rule, start, custody, List.of(), List.of());
                // Each level's own instant, computed alone, with no other level to overtake it.
                List<Instant> own = new ArrayList<>();
                for (WarningRule level : rule.warnings()) {
                    own.add(CALCULATOR.compute(withLevels(rule, List.of(level)), start, custody, List.of(), List.of())
                            .warnings().getFirst().at());
                }
                List<Warning> expected = new ArrayList<>();
                for (int i = 0; i < listed.size(); i++) {
                    Instant at = own.get(i);
                    boolean overtaken = own.subList(i + 1, own.size()).stream().anyMatch(later -> !later.isAfter(at));
                    if (!overtaken) {
                        expected.add(new Warning(listed.get(i), at));
                    }
                }
                String where = name + " from " + start + (custody ? " in custody" : "");
                assertThat(deadline.warnings()).as(where).containsExactlyElementsOf(expected);
                for (int i = 1; i < deadline.warnings().size(); i++) {
                    assertThat(deadline.warnings().get(i).at()).as(where).isAfter(deadline.warnings().get(i - 1).at());
                    assertThat(listed.indexOf(deadline.warnings().get(i).level()))
                            .as(where).isGreaterThan(listed.indexOf(deadline.warnings().get(i - 1).level()));
                }
                if (!listed.isEmpty() && rule.warnings().getLast().anchor() == WarningAnchor.DEADLINE) {
                    assertThat(deadline.warnings().getLast()).as(where).isEqualTo(new Warning(listed.getLast(), deadline.dueAt()));
                }
            }
        }
    }

    @Test
    void onAThreeDayClockTheDueDayOvertakesTheEightyPercentWarning() {
        // 3 days from 2026-03-10 15:00 -> 2026-03-13 24:00, 81 h: half at 40 h 30 min (03-12 07:30), 80 % at
        // 64 h 48 min (03-13 07:48), after the due day began at 03-13 00:00: WARNING is skipped.
        Deadline deadline = CALCULATOR.compute(cn("transfer-approval"), shanghai("2026-03-10 15:00"));

        assertThat(deadline.dueAt()).isEqualTo(shanghai("2026-03-13 24:00"));
        assertThat(deadline.warnings()).containsExactly(
                new Warning("HALF", shanghai("2026-03-12 07:30")),
                new Warning("DUE", shanghai("2026-03-13 00:00")),
                new Warning("OVERDUE", shanghai("2026-03-13 24:00")));
    }

    /** Every hour of the day (at a changing minute) from late September into mid-October, and the turn of the year. */
    private static List<Instant> starts(ClockRule rule) {
        List<Instant> starts = new ArrayList<>();
        ZonedDateTime from = ZonedDateTime.of(2026, 9, 25, 0, 0, 0, 0, rule.jurisdiction().zone());
        for (int h = 0; h < 24 * 20; h += 5) {
            starts.add(from.plusHours(h).plusMinutes((h * 7) % 60).toInstant());
        }
        ZonedDateTime newYear = ZonedDateTime.of(2026, 12, 20, 0, 0, 0, 0, rule.jurisdiction().zone());
        for (int h = 0; h < 24 * 14; h += 7) {
            starts.add(newYear.plusHours(h).plus(Duration.ofMinutes(h % 60)).toInstant());
        }
        return starts;
    }

    private static ClockRule withLevels(ClockRule r, List<WarningRule> levels) {
        return new ClockRule(r.jurisdiction(), r.id(), r.name(), r.legalBasis(), r.startEvent(), r.startsAt(), r.restartEvents(),
                r.stopEvents(), r.duration(), r.startDayCounts(), r.rollForward(), r.custodyException(), r.pausedBy(), r.extensions(),
                r.responsible(), levels, r.maxRounds(), r.statutory(), r.unverified(), r.note());
    }
}
