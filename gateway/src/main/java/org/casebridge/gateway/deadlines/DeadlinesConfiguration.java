package org.casebridge.gateway.deadlines;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads calendars and profiles once at start-up; invalid data stops the gateway. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadlinesProperties.class)
class DeadlinesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeadlinesConfiguration.class);

    @Bean
    HolidayCalendars holidayCalendars(DeadlinesProperties properties) {
        HolidayCalendars calendars = new HolidayCalendars(properties.calendars());
        calendars.ids().forEach(id -> log.info("Holiday calendar {} covers {}", id, calendars.calendar(id).years()));
        return calendars;
    }

    @Bean
    RuleSets ruleSets(DeadlinesProperties properties, HolidayCalendars calendars) {
        RuleSets sets = RuleSets.load(properties.profiles());
        List<String> missing = sets.missingCalendars(calendars);
        if (!missing.isEmpty()) {
            throw new InvalidDeadlineData("deadline profiles", missing);
        }
        sets.all().forEach(set -> log.info("Deadline profile {} version {}: {} clocks",
                set.profile(), set.version(), set.clocks().size()));
        return sets;
    }

    @Bean
    DeadlineCalculator deadlineCalculator(HolidayCalendars calendars) {
        return new DeadlineCalculator(calendars);
    }
}
