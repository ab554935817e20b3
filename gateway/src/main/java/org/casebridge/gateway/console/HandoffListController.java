package org.casebridge.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.agencies.Agency;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.lifecycle.HandoffState;
import org.casebridge.gateway.tracking.HandoffQuery;
import org.casebridge.gateway.tracking.HandoffRow;
import org.casebridge.gateway.tracking.HandoffSearch;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The handoff list: filters, search, order and paging in the query string (so that a list can be
 * bookmarked and shared), the rows as a fragment that htmx reloads when a handoff changes, and the
 * same list as CSV. What the viewer may see is the search service's business, not the page's.
 */
@Controller
class HandoffListController {

    private final HandoffSearch search;
    private final CallerContext callers;
    private final AccessPolicy access;
    private final AgencyDirectory agencies;
    private final MessageSource messages;

    HandoffListController(HandoffSearch search, CallerContext callers, AccessPolicy access, AgencyDirectory agencies,
            MessageSource messages) {
        this.search = search;
        this.callers = callers;
        this.access = access;
        this.agencies = agencies;
        this.messages = messages;
    }

    @GetMapping("/console/handoffs")
    String list(@RequestParam Map<String, String> params, Model model) {
        Caller caller = callers.current();
        HandoffQuery query = query(params);
        model.addAttribute("query", query);
        model.addAttribute("links", new ListLinks(query));
        model.addAttribute("agencies", agencies.all().stream().map(Agency::id).sorted().toList());
        model.addAttribute("directions", List.of(HandoffQuery.Direction.values()));
        model.addAttribute("types", Arrays.stream(MessageType.values()).map(Enum::name).toList());
        model.addAttribute("states", Arrays.stream(HandoffState.values()).map(Enum::name).toList());
        model.addAttribute("levels", Arrays.stream(HandoffQuery.Level.values()).map(Enum::name).toList());
        model.addAttribute("sorts", sortHeaders(query));
        if (!access.readScope(caller).none()) {
            model.addAttribute("result", search.find(caller, query));
        }
        return "console/handoffs";
    }

    /** The table body alone, for htmx to swap in when a handoff changes; #total comes along out of band. */
    @GetMapping("/console/handoffs/rows")
    String rows(@RequestParam Map<String, String> params, Model model) {
        HandoffQuery query = query(params);
        model.addAttribute("query", query);
        model.addAttribute("links", new ListLinks(query));
        model.addAttribute("result", search.find(callers.current(), query));
        return "console/handoffs-rows";
    }

    @GetMapping("/console/handoffs.csv")
    ResponseEntity<StreamingResponseBody> csv(@RequestParam Map<String, String> params, Locale locale) {
        HandoffQuery query = query(params);
        HandoffSearch.Export export = search.export(callers.current(), query);
        List<String> header = List.of("handoffId", "documentNumbers", "caseNumbers", "partyNames", "agencies", "openingType",
                "direction", "state", "warningLevel", "nextDueAt", "overdue", "lastActivity", "openedAt").stream()
                .map(column -> messages.getMessage("list.csv." + column, null, column, locale)).toList();
        return CsvExport.download("handoffs.csv", header, sink -> {
            try {
                export.forEach(row -> {
                    try {
                        sink.row(cells(row, locale));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        });
    }

    private List<Object> cells(HandoffRow row, Locale locale) {
        return java.util.Arrays.asList(row.handoffId(), String.join("; ", row.documentNumbers()),
                String.join("; ", row.caseNumbers()), String.join("; ", row.partyNames()), String.join("; ", row.parties()),
                label("type." + row.openingType(), locale),
                row.direction() == null ? "" : label("list.direction." + row.direction().name(), locale),
                label("state." + row.state(), locale), label("level." + row.warningLevel(), locale),
                row.nextDueAt(), row.overdue(), row.lastActivity(), row.openedAt());
    }

    private String label(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    /** A filter the list cannot read: a 400 page that says which and why, never a 500. */
    @ExceptionHandler(GatewayRejection.class)
    String rejected(GatewayRejection rejection, HttpServletResponse response, Model model) {
        response.setStatus(rejection.reason().httpStatus());
        model.addAttribute("caller", callers.current());
        model.addAttribute("roles", callers.current().roles().stream().sorted().toList());
        model.addAttribute("readsCases", !access.readScope(callers.current()).none());
        model.addAttribute("rejection", rejection);
        return "console/handoffs-invalid";
    }

    private static HandoffQuery query(Map<String, String> p) {
        return HandoffQuery.parse(p.get("agency"), p.get("direction"), p.get("type"), p.get("state"), p.get("level"),
                p.get("from"), p.get("to"), p.get("q"), p.get("sort"), p.get("page"), p.get("size"));
    }

    /** Column headers that sort: a first click orders the way people read that column, a second reverses. */
    private static Map<String, String> sortHeaders(HandoffQuery query) {
        Map<String, String> links = new LinkedHashMap<>();
        ListLinks base = new ListLinks(query);
        for (HandoffQuery.Sort sort : HandoffQuery.Sort.values()) {
            boolean firstDescending = sort == HandoffQuery.Sort.ACTIVITY || sort == HandoffQuery.Sort.OPENED
                    || sort == HandoffQuery.Sort.LEVEL;
            boolean descending = query.sort() == sort ? !query.descending() : firstDescending;
            links.put(sort.key(), base.sorted((descending ? "-" : "") + sort.key()));
        }
        return links;
    }

}
