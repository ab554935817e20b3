package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALCULATOR;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.RULES;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.brussels;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.eu;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The EIO / e-Evidence profile, counted in Europe/Brussels with the illustrative EU calendar
 * (weekends, 2026-01-01 and 2026-12-25 off).
 */
class DeadlineEuProfileTest {

    @ParameterizedTest(name = "{0} from {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # clock                | start            | due              | rolled | hand count
            eio-recognition        | 2026-03-02 10:00 | 2026-04-01 24:00 | false  | 30 days -> Wednesday
            eio-recognition        | 2026-11-25 10:00 | 2026-12-28 24:00 | true   | Christmas Day, then the weekend -> Monday
            eio-execution          | 2026-04-01 10:00 | 2026-06-30 24:00 | false  | 29 + 31 + 30 days -> Tuesday
            eevidence-production   | 2026-06-10 10:00 | 2026-06-22 24:00 | true   | Saturday Jun 20 -> Monday
            eevidence-emergency    | 2026-03-10 09:20 | 2026-03-10 18:00 | false  | 8 h from 10:00
            eevidence-emergency    | 2026-06-13 20:00 | 2026-06-14 05:00 | false  | ends on a Sunday: hours never roll
            """)
    void dueTime(String clock, String start, String due, boolean rolled, String handCount) {
        Deadline deadline = CALCULATOR.compute(eu(clock), brussels(start));

        assertThat(deadline.dueAt()).as(handCount).isEqualTo(brussels(due));
        assertThat(deadline.rolledForward()).isEqualTo(rolled);
    }

    @Test
    void recognitionPostponedBy30Days() {
        // 2026-04-01 + 30 days = Friday 2026-05-01, a working day in the illustrative calendar.
        Deadline deadline = CALCULATOR.compute(eu("eio-recognition"), brussels("2026-03-02 10:00"), false, List.of(),
                List.of(AppliedExtension.of("postponed")));

        assertThat(deadline.dueAt()).isEqualTo(brussels("2026-05-01 24:00"));
        assertThat(deadline.dueAt()).isEqualTo(Instant.parse("2026-05-01T22:00:00Z"));
    }

    @Test
    void emergencyOrderCountsRealHoursAcrossTheSummerTimeChange() {
        // 21:30 CET -> counted from 22:00 CET (21:00 UTC); clocks go forward at 01:00 UTC on
        // 2026-03-29; 8 elapsed hours end at 05:00 UTC = 07:00 CEST.
        Deadline deadline = CALCULATOR.compute(eu("eevidence-emergency"), brussels("2026-03-28 21:30"));

        assertThat(deadline.dueAt()).isEqualTo(Instant.parse("2026-03-29T05:00:00Z"));
        assertThat(deadline.dueDisplay()).isEqualTo("2026-03-29 07:00 Europe/Brussels");
        assertThat(deadline.warnings()).filteredOn(w -> w.level().equals("DUE"))
                .extracting(Warning::at).containsExactly(Instant.parse("2026-03-29T04:00:00Z"));
    }

    @Test
    void theProfileCitesItsOwnLaw() {
        RuleSet eio = RULES.profile("eu-eio");

        assertThat(eio.jurisdiction().zone()).hasToString("Europe/Brussels");
        assertThat(eio.clocks().keySet()).containsExactly(
                "eio-recognition", "eio-execution", "eevidence-production", "eevidence-emergency");
        assertThat(CALCULATOR.compute(eu("eevidence-production"), brussels("2026-06-10 10:00")).explanation())
                .contains("2026-06-20 is a day off (Saturday) -> rolled forward to 2026-06-22, the next working day"
                        + " (Reg. 1182/71 Art. 3)");
    }
}
