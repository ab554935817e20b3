package org.casebridge.contracts.codec;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * The one lexical form of a timestamp in both encodings: seconds always present, fraction only
 * when non-zero, the sender's offset kept. Both encodings must print the same text, or the
 * canonical digest of a message would depend on how it arrived.
 */
public final class Timestamps {

    private static final DateTimeFormatter CANONICAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    private Timestamps() {
    }

    public static String format(OffsetDateTime value) {
        return CANONICAL.format(value);
    }
}
