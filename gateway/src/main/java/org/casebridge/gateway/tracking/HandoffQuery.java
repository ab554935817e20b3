package org.casebridge.gateway.tracking;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.gateway.lifecycle.HandoffState;

/**
 * What a person asks of the handoff list: filters, a search, an order and a page. Every field is
 * optional (null: no filter). Built from request parameters by {@link #parse}, which refuses what
 * it cannot read with a CONTRACT_VIOLATION (HTTP 400) naming the parameter.
 *
 * @param agency    handoffs this agency takes part in
 * @param direction SENT: opened by the viewer's agency (for viewers of all agencies: by {@code agency});
 *                  RECEIVED: that agency takes part but did not open it
 * @param type      the type of the message that opened the handoff
 * @param from      opened on or after this day (China Standard Time, the profile's zone)
 * @param to        opened on or before this day
 * @param q         search: a substring of the handoff id, a document or case number, or a party's name
 * @param page      1-based
 */
public record HandoffQuery(String agency, Direction direction, MessageType type, HandoffState state, Level level,
        LocalDate from, LocalDate to, String q, Sort sort, boolean descending, int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    public static final int MAX_SEARCH = 100;
    private static final Pattern AGENCY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public enum Direction { SENT, RECEIVED }

    public enum Level { NONE, HALF, WARNING, DUE, OVERDUE }

    /** Orders the list can take; each ends on the handoff id, so that pages never overlap. */
    public enum Sort {
        ACTIVITY("activity"), OPENED("opened"), DUE("due"), LEVEL("level"), STATE("state"), ID("id");

        private final String key;

        Sort(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public HandoffQuery {
        if (page < 1 || page > 100_000) {
            throw rejected("page must be a number from 1", "page");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw rejected("size must be 1 to " + MAX_SIZE, "size");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw rejected("the date range ends (" + to + ") before it starts (" + from + ")", "to");
        }
        if (agency != null && !AGENCY.matcher(agency).matches()) {
            throw rejected("agency must be an agency id such as hohhot-amr", "agency");
        }
        if (q != null && q.length() > MAX_SEARCH) {
            throw rejected("search text is limited to " + MAX_SEARCH + " characters", "q");
        }
        if (sort == null) {
            sort = Sort.ACTIVITY;
        }
    }

    /** The first page, most recent activity first, with no filter. */
    public static HandoffQuery all() {
        return new HandoffQuery(null, null, null, null, null, null, null, null, Sort.ACTIVITY, true, 1, DEFAULT_SIZE);
    }

    /** Reads request parameters; blank means absent. {@code sort} is a key of {@link Sort}, with a leading '-' for descending. */
    public static HandoffQuery parse(String agency, String direction, String type, String state, String level, String from,
            String to, String q, String sort, String page, String size) {
        String sortKey = blank(sort) ? "-" + Sort.ACTIVITY.key() : sort.trim();
        boolean descending = sortKey.startsWith("-");
        String bare = descending ? sortKey.substring(1) : sortKey;
        Sort order = Arrays.stream(Sort.values()).filter(s -> s.key.equals(bare)).findFirst()
                .orElseThrow(() -> rejected("sort must be one of " + Arrays.stream(Sort.values()).map(Sort::key).toList()
                        + ", with a leading '-' for descending", "sort"));
        return new HandoffQuery(blank(agency) ? null : agency.trim(),
                constant(Direction.class, direction, "direction"), constant(MessageType.class, type, "type"),
                constant(HandoffState.class, state, "state"), constant(Level.class, level, "level"),
                date(from, "from"), date(to, "to"), blank(q) ? null : q.strip(), order, descending,
                number(page, 1, "page"), number(size, DEFAULT_SIZE, "size"));
    }

    /** The same query at another page. */
    public HandoffQuery atPage(int otherPage) {
        return new HandoffQuery(agency, direction, type, state, level, from, to, q, sort, descending, otherPage, size);
    }

    /** The sort parameter that gives this order: key, with '-' for descending. */
    public String sortParameter() {
        return (descending ? "-" : "") + sort.key();
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String value, String parameter) {
        if (blank(value)) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw rejected(parameter + " must be one of " + Arrays.toString(type.getEnumConstants()), parameter);
        }
    }

    private static LocalDate date(String value, String parameter) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw rejected(parameter + " must be a date such as 2026-11-20", parameter);
        }
    }

    private static int number(String value, int absent, String parameter) {
        if (blank(value)) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw rejected(parameter + " must be a whole number", parameter);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static GatewayRejection rejected(String message, String parameter) {
        return new GatewayRejection(GatewayRejection.Reason.CONTRACT_VIOLATION, message, parameter);
    }
}
