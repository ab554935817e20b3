package org.casebridge.gateway.console;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.agencies.Agency;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.tracking.TrackingFigures;
import org.casebridge.gateway.tracking.TrackingFigures.Count;
import org.casebridge.gateway.tracking.TrackingFigures.Figures;
import org.casebridge.gateway.tracking.TrackingFigures.Timeliness;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The dashboard: open handoffs by state and agency, overdue and near-due counts, on-time rates,
 * supervision figures and the daily trend, for what the viewer may read (tracking decides), with
 * server-drawn charts and a CSV of every table.
 */
@Controller
class DashboardController {

    /** The tables a CSV can be asked for, by the name in its address. */
    static final List<String> TABLES = List.of("open-by-state", "open-by-agency", "on-time", "trend");

    private final TrackingFigures tracking;
    private final AccessPolicy access;
    private final CallerContext callers;
    private final AgencyDirectory agencies;
    private final MessageSource messages;

    DashboardController(TrackingFigures tracking, AccessPolicy access, CallerContext callers, AgencyDirectory agencies,
            MessageSource messages) {
        this.tracking = tracking;
        this.access = access;
        this.callers = callers;
        this.agencies = agencies;
        this.messages = messages;
    }

    @GetMapping("/console/dashboard")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model, Locale locale) {
        fill(model, from, to, locale);
        return "console/dashboard";
    }

    /** The figures alone, for htmx to swap in when a handoff changes or a warning fires. */
    @GetMapping("/console/dashboard/figures")
    String figures(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model,
            Locale locale) {
        fill(model, from, to, locale);
        return "console/dashboard :: figures";
    }

    @GetMapping("/console/dashboard/{table}.csv")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable String table, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Locale locale) {
        if (!TABLES.contains(table)) {
            return ResponseEntity.notFound().build();
        }
        Figures figures = tracking.of(callers.current(), date(from, "from"), date(to, "to"));
        String file = "dashboard-" + table + ".csv";
        return switch (table) {
            case "open-by-state" -> CsvExport.download(file, List.of("state", label("dashboard.col.state", locale), "open"),
                    sink -> {
                        for (Count c : figures.openByState()) {
                            sink.row(List.of(c.key(), stateLabel(c.key(), locale), c.count()));
                        }
                    });
            case "open-by-agency" -> CsvExport.download(file, List.of("agency", label("dashboard.col.agency", locale), "open"),
                    sink -> {
                        for (Count c : figures.openByAgency()) {
                            sink.row(List.of(c.key(), agencyName(c.key()), c.count()));
                        }
                    });
            case "on-time" -> CsvExport.download(file, List.of("agency", label("dashboard.col.agency", locale), "in_time",
                    "late_done", "overdue_open", "on_time_rate_percent", "spot_check_rate_percent"), sink -> {
                        for (Timeliness t : figures.onTimeByAgency()) {
                            sink.row(List.of(t.agency(), agencyName(t.agency()), t.inTime(), t.lateDone(), t.overdueOpen(),
                                    percentNumber(t.rate()), percentNumber(t.spotCheckRate())));
                        }
                    });
            default -> CsvExport.download(file, List.of("day", "opened"), sink -> {
                for (TrackingFigures.DayCount d : figures.trend()) {
                    sink.row(List.of(d.day().toString(), d.count()));
                }
            });
        };
    }

    private void fill(Model model, String from, String to, Locale locale) {
        LocalDate fromDay = date(from, "from");
        LocalDate toDay = date(to, "to");
        model.addAttribute("from", fromDay);
        model.addAttribute("to", toDay);
        String query = query(fromDay, toDay);
        model.addAttribute("suffix", query.isEmpty() ? "" : "?" + query);
        Caller caller = callers.current();
        if (access.readScope(caller).none()) {
            return; // the layout says the roles read no cases; there is nothing to count
        }
        Figures figures = tracking.of(caller, fromDay, toDay);
        model.addAttribute("figures", figures);
        model.addAttribute("agencyNames", figures.openByAgency().stream().map(Count::key)
                .collect(java.util.stream.Collectors.toMap(id -> id, this::agencyName, (a, b) -> a)));
        model.addAttribute("timelinessNames", figures.onTimeByAgency().stream().map(Timeliness::agency)
                .collect(java.util.stream.Collectors.toMap(id -> id, this::agencyName, (a, b) -> a)));
        model.addAttribute("stateLabels", figures.openByState().stream().map(Count::key)
                .collect(java.util.stream.Collectors.toMap(s -> s, s -> stateLabel(s, locale), (a, b) -> a)));
        model.addAttribute("percent", (java.util.function.Function<Double, String>) DashboardController::percent);
        model.addAllAttributes(charts(figures, locale));
    }

    private Map<String, Object> charts(Figures figures, Locale locale) {
        BarChart byState = BarChart.of(label("dashboard.chart.byState", locale), figures.openByState().stream()
                .map(c -> new BarChart.Item(stateLabel(c.key(), locale), c.count(), Long.toString(c.count()))).toList());
        BarChart byAgency = BarChart.of(label("dashboard.chart.byAgency", locale), figures.openByAgency().stream()
                .map(c -> new BarChart.Item(agencyName(c.key()), c.count(), Long.toString(c.count()))).toList());
        BarChart onTime = BarChart.of(label("dashboard.chart.onTime", locale), figures.onTimeByAgency().stream()
                .map(t -> new BarChart.Item(agencyName(t.agency()), t.rate(), percent(t.rate()))).toList(), 100);
        DateTimeFormatter day = DateTimeFormatter.ofPattern("MM-dd");
        ColumnChart trend = ColumnChart.of(label("dashboard.chart.trend", locale), figures.trend().stream()
                .map(d -> new ColumnChart.Item(d.day().format(day), d.count())).toList());
        return Map.of("chartByState", byState, "chartByAgency", byAgency, "chartOnTime", onTime, "chartTrend", trend);
    }

    /** A day from the form, or a clear 400 naming the field. */
    static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new GatewayRejection(GatewayRejection.Reason.CONTRACT_VIOLATION, field + " must be a date like 2026-03-02", field);
        }
    }

    private static String query(LocalDate from, LocalDate to) {
        StringBuilder query = new StringBuilder();
        if (from != null) {
            query.append("from=").append(from);
        }
        if (to != null) {
            query.append(query.isEmpty() ? "" : "&").append("to=").append(to);
        }
        return query.toString();
    }

    private String agencyName(String id) {
        return agencies.find(id).map(Agency::name).orElse(id);
    }

    private String stateLabel(String state, Locale locale) {
        return messages.getMessage("state." + state, null, state, locale);
    }

    private String label(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    static String percent(Double rate) {
        return rate == null ? "—" : String.format(Locale.ROOT, "%.1f %%", rate);
    }

    private static Object percentNumber(Double rate) {
        return rate == null ? "" : String.format(Locale.ROOT, "%.1f", rate);
    }
}
