package org.casebridge.gateway.intake;

import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The legal range of every date and date-time in a message (checked by {@link ValueLimits}).
 * The default, 1900 to 2999, holds any case file and lies well inside what both PostgreSQL
 * (4713 BC to 294276 AD, then ±infinity) and java.time represent, so a value stored is a value
 * read back.
 *
 * @param earliest the first day a message may name
 * @param latest   the last day a message may name
 */
@ConfigurationProperties("casebridge.intake.dates")
public record DateRangeProperties(
        @DefaultValue("1900-01-01") LocalDate earliest,
        @DefaultValue("2999-12-31") LocalDate latest) {

    /** The widest range an operator may set: years 1..9999, which every layer keeps exactly. */
    static final LocalDate FIRST = LocalDate.of(1, 1, 1);
    static final LocalDate LAST = LocalDate.of(9999, 12, 31);

    public DateRangeProperties {
        if (earliest.isBefore(FIRST) || latest.isAfter(LAST) || latest.isBefore(earliest)) {
            throw new IllegalArgumentException("casebridge.intake.dates must lie within " + FIRST + ".." + LAST
                    + " with earliest <= latest, not " + earliest + ".." + latest);
        }
    }
}
