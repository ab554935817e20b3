package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule-set files are validated as a whole; an operator's directory replaces shipped profiles. */
class RuleSetReaderTest {

    private static final String HEADER = """
            profile: test
            version: "1"
            zone: Asia/Shanghai
            calendar: cn
            countingSource: "CPL 105"
            defaultWarnings:
              - {level: DUE, at: DUE_DAY}
              - {level: OVERDUE, at: DEADLINE}
            """;

    private static RuleSet read(String yaml) {
        return RuleSetReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void readsAClockWithItsDefaultsAndOwnWarnings() {
        RuleSet set = read(HEADER + """
                clocks:
                  - id: a
                    name: {zh: 甲, en: A}
                    legalBasis: {instrument: I, article: Art. 1, source: I 1}
                    startEvent: RECEIVED
                    stopEvents: [REGISTERED]
                    duration: {amount: 2, unit: WORKING_DAYS}
                    startDayCounts: false
                    rollForward: true
                    custodyException: false
                    responsible: SENDER
                  - id: b
                    name: {zh: 乙, en: B}
                    legalBasis: {instrument: I, article: Art. 2, source: I 2}
                    startEvent: RECEIVED
                    stopEvents: []
                    duration: {amount: 8, unit: HOURS}
                    startDayCounts: false
                    rollForward: false
                    custodyException: false
                    responsible: RECIPIENT
                    warnings: [{level: LATE, at: 0.75}]
                    countingSource: "own rule"
                """);

        ClockRule a = set.clock("a");
        assertThat(a.warnings()).extracting(WarningRule::level).containsExactly("DUE", "OVERDUE");
        assertThat(a.statutory()).isTrue();
        assertThat(a.unverified()).isFalse();
        assertThat(a.maxRounds()).isEmpty();
        assertThat(set.clock("b").warnings()).containsExactly(new WarningRule("LATE", WarningAnchor.FRACTION, 0.75));
        assertThat(set.clock("b").jurisdiction().countingSource()).isEqualTo("own rule");
        assertThat(set.clock("b").stopEvents()).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceWithItsClock() {
        assertThatThrownBy(() -> read(HEADER + """
                clocks:
                  - id: Bad Id
                    name: {zh: 甲}
                    legalBasis: {instrument: I, article: Art. 1}
                    startEvent: received
                    stopEvents: [REGISTERED, RECEIVED]
                    duration: {amount: 0, unit: DAYS}
                    startDayCounts: false
                    rollForward: true
                    responsible: COURT
                  - id: hours
                    name: {zh: 乙, en: B}
                    legalBasis: {instrument: I, article: Art. 2, source: I 2}
                    startEvent: RECEIVED
                    stopEvents: [REGISTERED]
                    duration: {amount: 24, unit: HOURS}
                    startDayCounts: false
                    rollForward: true
                    custodyException: false
                    responsible: POLICE
                    pausedBy: [{pause: X, resume: X}]
                    extensions:
                      - {id: more, amount: 1, unit: CALENDAR_DAYS, maxTimes: 0}
                      - {id: all, amount: 48, unit: HOURS, mode: TOTAL, maxTimes: 2}
                    warnings: [{level: HALF, at: 1.5}, {level: HALF, at: DEADLINE}]
                    maxRounds: 0
                """))
                .isInstanceOfSatisfying(InvalidDeadlineData.class, e -> assertThat(e.problems()).containsExactly(
                        "clocks[0] (Bad Id): id must be 1-63 lower-case letters, digits or dashes, found Bad Id",
                        "clocks[0] (Bad Id): name needs both zh and en",
                        "clocks[0] (Bad Id): legalBasis needs instrument, article and source (a short citation such as SC 8)",
                        "clocks[0] (Bad Id): startEvent must be an upper snake case event name such as RECEIVED, found received",
                        "clocks[0] (Bad Id): duration.unit must be one of [HOURS, CALENDAR_DAYS, WORKING_DAYS, MONTHS], found DAYS",
                        "clocks[0] (Bad Id): duration.amount must be at least 1, found 0",
                        "clocks[0] (Bad Id): custodyException is missing (true or false): counting rules are never left to a default",
                        "clocks[0] (Bad Id): responsible must be one of [SENDER, RECIPIENT, ADMINISTRATIVE_AGENCY, POLICE, PROSECUTOR], found COURT",
                        "clocks[1] (hours): an hour period never rolls forward: rollForward and custodyException must be false",
                        "clocks[1] (hours): pausedBy[0]: pause and resume must be different events",
                        "clocks[1] (hours): extensions[0]: an hour clock takes hour extensions only, a day clock no hour extensions",
                        "clocks[1] (hours): extensions[0].maxTimes must be at least 1, found 0",
                        "clocks[1] (hours): extensions[1]: a TOTAL extension replaces the period and can apply only once (maxTimes: 1)",
                        "clocks[1] (hours): warnings[0].at must be a fraction between 0 and 1, DUE_DAY or DEADLINE, found 1.5",
                        "clocks[1] (hours): warnings[1].level HALF is listed twice",
                        "clocks[1] (hours): maxRounds must be at least 1, found 0"));
    }

    @Test
    void headerProblemsAreReportedBeforeClocks() {
        assertThatThrownBy(() -> read("""
                profile: Test
                zone: Mars/Olympus
                clocks: []
                """))
                .isInstanceOfSatisfying(InvalidDeadlineData.class, e -> assertThat(e.problems()).containsExactly(
                        "profile must be 1-63 lower-case letters, digits or dashes, found Test",
                        "version is missing (e.g. \"2026.1\")",
                        "zone is not a time zone id: Mars/Olympus",
                        "calendar must name a holiday calendar id such as cn, found null",
                        "countingSource is missing: cite where the counting rules come from (e.g. CPL 105)",
                        "no clocks are listed"));
    }

    @Test
    void unknownFieldsAreRefused() {
        assertThatThrownBy(() -> read(HEADER + "clocks: []\ncalender: cn\n"))
                .isInstanceOf(InvalidDeadlineData.class)
                .hasMessageContaining("calender");
    }

    @Test
    void anOperatorsProfileReplacesTheShippedOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cn.yml"), HEADER.replace("profile: test", "profile: cn")
                .replace("version: \"1\"", "version: \"2026.2\"") + """
                clocks:
                  - id: police-decision
                    name: {zh: 立案审查决定, en: Police decide}
                    legalBasis: {instrument: I, article: Art. 8, source: SC 8}
                    startEvent: RECEIVED
                    stopEvents: [REGISTERED, REFUSED]
                    duration: {amount: 3, unit: WORKING_DAYS}
                    startDayCounts: false
                    rollForward: true
                    custodyException: false
                    responsible: POLICE
                """);

        RuleSets sets = RuleSets.load(Optional.of(dir));

        assertThat(sets.profile("cn").version()).isEqualTo("2026.2");
        assertThat(sets.clock("cn", "police-decision").duration().unit()).isEqualTo(PeriodUnit.WORKING_DAYS);
        assertThat(sets.profile("eu-eio").version()).as("other profiles kept").isEqualTo("2026.1");
    }

    @Test
    void aProfileFileMustBeNamedAfterItsProfile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("china.yml"), HEADER.replace("profile: test", "profile: cn") + """
                clocks:
                  - id: a
                    name: {zh: 甲, en: A}
                    legalBasis: {instrument: I, article: Art. 1, source: I 1}
                    startEvent: RECEIVED
                    stopEvents: []
                    duration: {amount: 1, unit: MONTHS}
                    startDayCounts: false
                    rollForward: true
                    custodyException: true
                    responsible: POLICE
                """);

        assertThatThrownBy(() -> RuleSets.load(Optional.of(dir)))
                .isInstanceOf(InvalidDeadlineData.class)
                .hasMessageContaining("the file must be named after its profile: cn.yml");
    }

    @Test
    void unknownProfilesAndClocksAreRefusedByName() {
        assertThatThrownBy(() -> DeadlineFixtures.RULES.clock("fr", "x"))
                .isInstanceOf(UnknownDeadlineRule.class)
                .hasMessageStartingWith("no deadline profile fr");
        assertThatThrownBy(() -> DeadlineFixtures.RULES.clock("cn", "nope"))
                .isInstanceOf(UnknownDeadlineRule.class)
                .hasMessageStartingWith("profile cn has no clock nope");
    }

    @Test
    void aProfileWhoseCalendarIsMissingIsReported() {
        RuleSet set = read(HEADER.replace("calendar: cn", "calendar: xx") + """
                clocks:
                  - id: a
                    name: {zh: 甲, en: A}
                    legalBasis: {instrument: I, article: Art. 1, source: I 1}
                    startEvent: RECEIVED
                    stopEvents: []
                    duration: {amount: 1, unit: CALENDAR_DAYS}
                    startDayCounts: false
                    rollForward: true
                    custodyException: false
                    responsible: POLICE
                """);

        assertThat(RuleSets.of(set).missingCalendars(DeadlineFixtures.CALENDARS)).containsExactly(
                "profile test counts with calendar xx, but no calendar file for it is loaded");
    }
}
