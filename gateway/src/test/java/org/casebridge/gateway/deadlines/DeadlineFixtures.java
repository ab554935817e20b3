package org.casebridge.gateway.deadlines;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/** The shipped data, loaded once, and a readable way to write local times in tests. */
final class DeadlineFixtures {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    static final HolidayCalendars CALENDARS = new HolidayCalendars(Optional.empty());
    static final RuleSets RULES = RuleSets.load(Optional.empty());
    static final DeadlineCalculator CALCULATOR = new DeadlineCalculator(CALENDARS);

    private DeadlineFixtures() {
    }

    static ClockRule cn(String clockId) {
        return RULES.clock("cn", clockId);
    }

    static ClockRule eu(String clockId) {
        return RULES.clock("eu-eio", clockId);
    }

    /**
     * "2026-09-30 10:00" in the zone; "2026-10-08 24:00" is the end of that day; a bare date is
     * 10:00 of it (the hour is irrelevant to day clocks).
     */
    static Instant local(String text, ZoneId zone) {
        String t = text.strip();
        if (t.length() == 10) {
            return LocalDate.parse(t).atTime(10, 0).atZone(zone).toInstant();
        }
        if (t.endsWith(" 24:00")) {
            return LocalDate.parse(t.substring(0, 10)).plusDays(1).atStartOfDay(zone).toInstant();
        }
        return LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant();
    }

    static Instant shanghai(String text) {
        return local(text, SHANGHAI);
    }

    static Instant brussels(String text) {
        return local(text, BRUSSELS);
    }

    /**
     * A one-clock cn-style profile, for counting rules no shipped clock uses (working days, start
     * day counted); it rolls forward unless it counts hours.
     */
    static ClockRule synthetic(String duration, boolean startDayCounts) {
        String yaml = """
                profile: test
                version: "1"
                zone: Asia/Shanghai
                calendar: cn
                countingSource: "APL 85"
                defaultWarnings:
                  - {level: HALF, at: 0.5}
                  - {level: WARNING, at: 0.8}
                  - {level: DUE, at: DUE_DAY}
                  - {level: OVERDUE, at: DEADLINE}
                clocks:
                  - id: synthetic
                    name: {zh: 测试, en: Test clock}
                    legalBasis: {instrument: Test, article: Art. 1, source: T 1}
                    startEvent: RECEIVED
                    stopEvents: [REGISTERED]
                    duration: %s
                    startDayCounts: %s
                    rollForward: %s
                    custodyException: false
                    responsible: POLICE
                """.formatted(duration, startDayCounts, !duration.contains("HOURS"));
        return RuleSetReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml")
                .clock("synthetic");
    }
}
