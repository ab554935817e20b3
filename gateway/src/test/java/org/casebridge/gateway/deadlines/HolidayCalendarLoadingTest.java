package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calendar files from an operator's directory: adding a year, replacing one, and refusing bad files. */
class HolidayCalendarLoadingTest {

    @TempDir
    Path dir;

    @Test
    void anExternalFileAddsAYear() throws IOException {
        write("cn-2027.yml", """
                calendar: cn
                year: 2027
                source: "test data"
                daysOff: [[2027-02-06, 2027-02-14, Spring Festival]]
                workingWeekends: [2027-02-20]
                """);

        HolidayCalendar cn = new HolidayCalendars(Optional.of(dir)).calendar("cn");

        assertThat(cn.years()).containsExactly(2026, 2027);
        assertThat(cn.status(LocalDate.of(2027, 2, 8)).isDayOff()).isTrue();
        assertThat(cn.status(LocalDate.of(2027, 2, 20)).isWorking()).isTrue();
        assertThat(cn.status(LocalDate.of(2026, 10, 1)).isDayOff()).as("shipped year kept").isTrue();
    }

    @Test
    void anExternalFileReplacesTheShippedYear() throws IOException {
        write("cn-2026.yml", """
                calendar: cn
                year: 2026
                source: "corrected notice"
                daysOff: [[2026-03-09, 2026-03-09, Extra holiday]]
                """);

        HolidayCalendar cn = new HolidayCalendars(Optional.of(dir)).calendar("cn");

        assertThat(cn.status(LocalDate.of(2026, 3, 9))).isEqualTo(
                new DayStatus(LocalDate.of(2026, 3, 9), DayStatus.Kind.DAY_OFF, "Extra holiday"));
        assertThat(cn.status(LocalDate.of(2026, 10, 1)).isWorking()).as("the whole year is replaced").isTrue();
        assertThat(cn.source(2026)).hasValue("corrected notice");
    }

    @Test
    void aNewCalendarIdCanBeAdded() throws IOException {
        write("hk-2026.yml", """
                calendar: hk
                year: 2026
                source: "test data"
                weekend: [SUNDAY]
                daysOff: []
                """);

        HolidayCalendar hk = new HolidayCalendars(Optional.of(dir)).calendar("hk");

        assertThat(hk.status(LocalDate.of(2026, 3, 7)).isWorking()).as("Saturday is worked").isTrue();
        assertThat(hk.status(LocalDate.of(2026, 3, 8)).isDayOff()).isTrue();
    }

    @Test
    void reportsEveryProblemOfAFileAtOnce() throws IOException {
        write("cn-2027.yml", """
                calendar: cn
                year: 2027
                source: "test data"
                daysOff:
                  - [2027-01-01, 2027-01-03]
                  - [2027-01-03, 2027-01-04]
                  - [2027-05-05, 2027-05-01]
                  - [2026-12-31, 2026-12-31]
                  - [2027-13-01, 2027-13-01]
                workingWeekends: [2027-01-05, 2027-01-02, 2027-01-09, 2027-01-09]
                """);

        assertThatThrownBy(() -> new HolidayCalendars(Optional.of(dir)))
                .isInstanceOfSatisfying(InvalidDeadlineData.class, e -> assertThat(e.problems()).containsExactly(
                        "daysOff[1]: 2027-01-03 is already in another range",
                        "daysOff[2]: 2027-05-01 is before 2027-05-05",
                        "daysOff[3][0]: 2026-12-31 is not in 2027; put it in that year's file",
                        "daysOff[3][1]: 2026-12-31 is not in 2027; put it in that year's file",
                        "daysOff[4][0]: 2027-13-01 is not a date (yyyy-mm-dd)",
                        "daysOff[4][1]: 2027-13-01 is not a date (yyyy-mm-dd)",
                        "workingWeekends[0]: 2027-01-05 is a Tuesday, not a weekend day",
                        "workingWeekends[1]: 2027-01-02 is also listed as a day off",
                        "workingWeekends[3]: 2027-01-09 is listed twice"));
    }

    @Test
    void theFileMustBeNamedAfterItsCalendarAndYear() throws IOException {
        write("cn-next.yml", """
                calendar: cn
                year: 2027
                source: "test data"
                daysOff: []
                """);

        assertThatThrownBy(() -> new HolidayCalendars(Optional.of(dir)))
                .isInstanceOf(InvalidDeadlineData.class)
                .hasMessageContaining("the file must be named cn-2027.yml");
    }

    @Test
    void missingFieldsAreNamed() throws IOException {
        write("cn-2027.yml", "calendar: cn\nyear: 2027\n");

        assertThatThrownBy(() -> new HolidayCalendars(Optional.of(dir)))
                .isInstanceOfSatisfying(InvalidDeadlineData.class, e -> assertThat(e.problems()).containsExactly(
                        "source is missing: name the publication the days come from",
                        "daysOff is missing (write [] if the year has no holidays)"));
    }

    @Test
    void aConfiguredDirectoryThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> new HolidayCalendars(Optional.of(dir.resolve("missing"))))
                .isInstanceOf(InvalidDeadlineData.class)
                .hasMessageContaining("the directory does not exist");
    }

    @Test
    void anUnknownCalendarIdIsRefused() {
        assertThatThrownBy(() -> DeadlineFixtures.CALENDARS.calendar("xx"))
                .isInstanceOf(UnknownDeadlineRule.class)
                .hasMessage("no holiday calendar xx; loaded: [cn, eu]");
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }
}
