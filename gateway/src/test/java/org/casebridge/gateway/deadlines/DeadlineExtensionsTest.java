package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALCULATOR;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.cn;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.shanghai;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Extensions are added to the last day before roll-forward; TOTAL ones replace the period. */
class DeadlineExtensionsTest {

    @ParameterizedTest(name = "{0} + {1} from {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # clock               | extensions                     | start      | due              | hand count
            prosecution-review    | major-complex                  | 2026-03-10 | 2026-04-27 24:00 | Apr 10 + 15 = Sat Apr 25 -> Mon Apr 27
            public-order-case     | major-complex                  | 2026-03-02 | 2026-05-06 24:00 | Apr 1 + 30 = May 1, Labour Day -> May 6
            police-decision       | leads-to-verify                | 2026-03-02 | 2026-03-09 24:00 | 7 days in all -> Monday Mar 9
            police-decision       | complex-case                   | 2026-03-02 | 2026-04-01 24:00 | 30 days in all -> Wednesday Apr 1
            police-decision       | leads-to-verify, complex-case  | 2026-03-02 | 2026-04-01 24:00 | the later approval governs
            fast-track-review     | sentence-over-one-year         | 2026-04-20 | 2026-05-06 24:00 | 15 days in all = May 5, Labour Day -> May 6
            """)
    void extendedDueTime(String clock, String extensions, String start, String due, String handCount) {
        List<AppliedExtension> applied = Arrays.stream(extensions.split(",")).map(String::strip)
                .map(AppliedExtension::of).toList();

        Deadline deadline = CALCULATOR.compute(cn(clock), shanghai(start), false, List.of(), applied);

        assertThat(deadline.dueAt()).as(handCount).isEqualTo(shanghai(due));
        assertThat(deadline.flags()).contains(DeadlineFlag.EXTENDED);
    }

    @Test
    void explanationNamesWhoApproved() {
        Deadline deadline = CALCULATOR.compute(cn("prosecution-review"), shanghai("2026-03-10"), false, List.of(),
                List.of(AppliedExtension.of("major-complex")));

        assertThat(deadline.explanation()).contains(
                "1 month from 2026-03-10, start day not counted -> 2026-04-10 (same day of the month)",
                "extension major-complex approved by CHIEF_PROSECUTOR (major or complex case): 15 calendar days from"
                        + " 2026-04-10, start day not counted -> 2026-04-25",
                "2026-04-25 is a day off (Saturday) -> rolled forward to 2026-04-27, the next working day (CPL 105)");
    }

    @Test
    void anUnverifiedExtensionIsFlagged() {
        Deadline deadline = CALCULATOR.compute(cn("police-decision"), shanghai("2026-03-02"), false, List.of(),
                List.of(AppliedExtension.of("complex-case")));

        assertThat(deadline.flags()).contains(DeadlineFlag.UNVERIFIED_RULE);
        assertThat(deadline.explanation()).contains(
                "extension complex-case approved by COUNTY_POLICE_HEAD (major, difficult or complex case) [unverified]:"
                        + " the period is 30 calendar days in all");
    }

    @Test
    void refusesAnExtensionBeyondItsMaximum() {
        List<AppliedExtension> twice = List.of(AppliedExtension.of("major-complex"), AppliedExtension.of("major-complex"));

        assertThatThrownBy(() -> CALCULATOR.compute(cn("prosecution-review"), shanghai("2026-03-10"), false, List.of(), twice))
                .isInstanceOf(ExtensionRefused.class)
                .hasMessage("cn/prosecution-review (CPL 172) allows extension major-complex at most 1 time;"
                        + " it was applied 2 times");
    }

    @Test
    void refusesAnExtensionTheClockDoesNotHave() {
        assertThatThrownBy(() -> CALCULATOR.compute(cn("supplement"), shanghai("2026-03-10"), false, List.of(),
                List.of(AppliedExtension.of("major-complex"))))
                .isInstanceOf(ExtensionRefused.class)
                .hasMessage("cn/supplement (PC 180) has no extension major-complex; it allows []");
    }

    @Test
    void returnsForSupplementaryInvestigationCarryTheirMaximumRounds() {
        ClockRule returned = cn("supplementary-investigation");

        assertThat(returned.maxRounds()).hasValue(2);
        assertThat(returned.duration()).isEqualTo(new ClockPeriod(1, PeriodUnit.MONTHS));
        assertThat(returned.startsOn("RETURNED")).isTrue();
        assertThat(returned.stopsOn("RESUBMITTED")).isTrue();
        assertThat(cn("prosecution-review").maxRounds()).isEmpty();
    }
}
