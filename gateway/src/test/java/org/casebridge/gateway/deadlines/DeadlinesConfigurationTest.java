package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The module's beans, alone: calendars from casebridge.deadlines.calendar-dir, bad data stops start-up. */
class DeadlinesConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(DeadlinesConfiguration.class);

    @Test
    void startsWithTheShippedData() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(RuleSets.class).profile("cn").clocks()).hasSize(28);
            assertThat(ctx.getBean(HolidayCalendars.class).calendar("cn").years()).containsExactly(2026);
            assertThat(ctx).hasSingleBean(DeadlineCalculator.class);
        });
    }

    @Test
    void readsNextYearsCalendarFromTheConfiguredDirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cn-2027.yml"), "calendar: cn\nyear: 2027\nsource: test data\ndaysOff: []\n");

        context.withPropertyValues("casebridge.deadlines.calendar-dir=" + dir).run(ctx ->
                assertThat(ctx.getBean(HolidayCalendars.class).calendar("cn").years()).containsExactly(2026, 2027));
    }

    @Test
    void refusesToStartWithAnInvalidFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cn-2027.yml"), "calendar: cn\nyear: 2027\n");

        context.withPropertyValues("casebridge.deadlines.calendar-dir=" + dir).run(ctx ->
                assertThat(ctx).getFailure().rootCause().isInstanceOf(InvalidDeadlineData.class));
    }
}
