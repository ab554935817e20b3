package org.casebridge.gateway.tracking;

import java.util.List;

/** A page of the handoff list and how many handoffs match in all. */
public record HandoffPage(List<HandoffRow> rows, long total, int page, int size) {

    public long pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public boolean hasNext() {
        return page < pages();
    }

    public boolean hasPrevious() {
        return page > 1;
    }
}
