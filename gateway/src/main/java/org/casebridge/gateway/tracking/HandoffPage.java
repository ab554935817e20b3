package org.casebridge.gateway.tracking;

import java.util.List;

/**
 * A page of the handoff list and how many handoffs match in all. Counting stops some way past the
 * page ({@code exact} false): then at least {@code total} match, so the pages counted go past this one.
 */
public record HandoffPage(List<HandoffRow> rows, long total, boolean exact, int page, int size) {

    /** The number of pages, or of pages known to exist when the count stopped. */
    public long pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public boolean hasNext() {
        return page < pages();
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    /** The total as the list shows it: "10000+" when counting stopped. */
    public String totalText() {
        return exact ? Long.toString(total) : total + "+";
    }
}
