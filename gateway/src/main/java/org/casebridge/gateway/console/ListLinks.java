package org.casebridge.gateway.console;

import java.util.LinkedHashMap;
import java.util.Map;
import org.casebridge.gateway.tracking.HandoffQuery;
import org.springframework.web.util.UriComponentsBuilder;

/** Links that keep the list's filters: other pages, other orders, the rows fragment and the CSV. */
public record ListLinks(HandoffQuery query) {

    public String page(int page) {
        return build("/console/handoffs", query.sortParameter(), page);
    }

    public String sorted(String sort) {
        return build("/console/handoffs", sort, 1);
    }

    public String rows() {
        return build("/console/handoffs/rows", query.sortParameter(), query.page());
    }

    public String csv() {
        return build("/console/handoffs.csv", query.sortParameter(), 0);
    }

    private String build(String path, String sort, int page) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("agency", query.agency());
        values.put("direction", query.direction());
        values.put("type", query.type());
        values.put("state", query.state());
        values.put("level", query.level());
        values.put("from", query.from());
        values.put("to", query.to());
        values.put("q", query.q());
        values.put("sort", sort);
        values.put("page", page > 0 ? page : null);
        values.put("size", query.size() != HandoffQuery.DEFAULT_SIZE ? query.size() : null);
        values.values().removeIf(java.util.Objects::isNull);
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        // as template variables, so that every reserved character in a value (& + = #) is encoded
        values.keySet().forEach(name -> uri.queryParam(name, "{" + name + "}"));
        return uri.encode().buildAndExpand(values).toUriString();
    }
}
