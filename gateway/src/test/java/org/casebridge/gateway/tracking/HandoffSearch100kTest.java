package org.casebridge.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.gateway.access.ReadScope;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * The handoff list over 100,000 handoffs seeded straight into the source tables, with the read model
 * built in one statement and the refresh function checked against it on a sample: every filter kind,
 * the searches and every order, for a viewer of all agencies and for two agencies' liaison officers,
 * through the real search code, each page checked against the same list computed here from the whole
 * read model; the read model itself checked against its sources; the query plans checked for the
 * indexes they are meant to use. Times are measured and written to
 * target/console-100k.txt, not asserted: the machine is shared.
 */
class HandoffSearch100kTest {

    private static final int HANDOFFS = 100_000;
    /** Each query runs this often for its times (the first run may find pages not yet cached). */
    private static final int RUNS = 3;

    /** A viewer and what it may read. */
    record Viewer(String name, Caller caller, ReadScope scope) {
    }

    /** A filter set under a name for the report; params as the list page takes them. */
    record Case(String kind, Map<String, String> params, boolean everyOrder) {
        Case(String kind, Map<String, String> params) {
            this(kind, params, false);
        }
    }

    @Test
    void everyFilterSearchAndOrderIsRightOverAHundredThousandHandoffs(@TempDir Path work) throws Exception {
        long testStarted = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr",
                "hohhot-psb", "hohhot-procuratorate", "baotou-tax", "baotou-psb", "baotou-procuratorate"))) {
            DataSource dataSource = gateway.context().getBean(DataSource.class);
            JdbcClient jdbc = JdbcClient.create(dataSource);
            HandoffSearch search = gateway.context().getBean(HandoffSearch.class);
            Report report = new Report();

            long seeding = System.nanoTime();
            seed(dataSource, now);
            report.line("seed " + HANDOFFS + " handoffs and their read model: " + (System.nanoTime() - seeding) / 1_000_000 + " ms");
            readModelMatchesItsSources(jdbc);
            long refreshing = System.nanoTime();
            int sampled = refreshFunctionAgreesOnASample(jdbc);
            report.line("refresh function on a sample of " + sampled + " handoffs, compared: "
                    + (System.nanoTime() - refreshing) / 1_000_000 + " ms");

            Viewer all = new Viewer("auditor", new Caller("auditor", null, Set.of("auditor")), new ReadScope(true, null));
            long exporting = System.nanoTime();
            List<HandoffRow> everything = new ArrayList<>(HANDOFFS);
            search.export(all.caller(), HandoffQuery.parse(null, null, null, null, null, null, null, null, "id", null, null))
                    .forEach(everything::add);
            report.line("export of all rows: " + (System.nanoTime() - exporting) / 1_000_000 + " ms");
            assertThat(everything).hasSize(HANDOFFS);
            assertThat(everything).extracting(HandoffRow::handoffId).isSorted();
            Map<String, String> searchText = new HashMap<>(HANDOFFS * 2);
            everything.forEach(row -> searchText.put(row.handoffId(), String.join(" ", Stream.of(List.of(row.handoffId()),
                    row.documentNumbers(), row.caseNumbers(), row.partyNames()).flatMap(List::stream).toList()).toLowerCase(Locale.ROOT)));

            List<Viewer> viewers = List.of(all,
                    new Viewer("hohhot-amr liaison", new Caller("liaison", "hohhot-amr", Set.of("liaison-officer")),
                            new ReadScope(false, "hohhot-amr")),
                    new Viewer("baotou-psb liaison", new Caller("police", "baotou-psb", Set.of("liaison-officer")),
                            new ReadScope(false, "baotou-psb")));
            List<String> sorts = Stream.of(HandoffQuery.Sort.values()).flatMap(s -> Stream.of("-" + s.key(), s.key())).toList();
            NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
            int checked = 0;
            for (Viewer viewer : viewers) {
                List<HandoffRow> visible = everything.stream()
                        .filter(row -> viewer.scope().all() || row.parties().contains(viewer.scope().agencyId())).toList();
                assertThat(visible).isNotEmpty();
                List<Case> cases = cases(viewer, visible, now);
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    List<HandoffRow> matching = visible.stream()
                            .filter(matches(query(c.params(), "id", "1"), viewer.scope(), searchText)).toList();
                    // every order once per viewer, in turn over the cases; all of them for the whole list
                    // (read along the orders' indexes) and for a sparse filter (read filter first)
                    List<String> orders = c.everyOrder() ? sorts : List.of(sorts.get(i % sorts.size()));
                    for (String sortParameter : orders) {
                        HandoffQuery query = query(c.params(), sortParameter, "1");
                        List<HandoffRow> expected = matching.stream().sorted(order(query)).limit(query.size()).toList();
                        HandoffPage page = null;
                        for (int run = 0; run < RUNS; run++) {
                            long started = System.nanoTime();
                            page = search.find(viewer.caller(), query);
                            report.time(c.kind(), System.nanoTime() - started);
                        }
                        String what = viewer.name() + " " + c + " sort " + sortParameter;
                        assertThat(page.total()).as(what).isEqualTo(Math.min(matching.size(), HandoffSearch.COUNT_CAP));
                        assertThat(page.exact()).as(what).isEqualTo(matching.size() <= HandoffSearch.COUNT_CAP);
                        assertThat(page.totalText()).as(what).isEqualTo(page.exact() ? String.valueOf(matching.size()) : "10000+");
                        assertThat(page.hasNext()).as(what).isEqualTo(matching.size() > query.size());
                        assertThat(page.rows()).extracting(HandoffRow::handoffId).as(what)
                                .containsExactlyElementsOf(expected.stream().map(HandoffRow::handoffId).toList());
                        checked++;
                    }
                }
                // the last page of the whole list, deep in the offset
                HandoffQuery last = query(Map.of(), "-activity", "1");
                long pages = (visible.size() + last.size() - 1) / last.size();
                HandoffQuery deep = last.atPage((int) pages);
                HandoffPage page = null;
                for (int run = 0; run < RUNS; run++) {
                    long started = System.nanoTime();
                    page = search.find(viewer.caller(), deep);
                    report.time("last page", System.nanoTime() - started);
                }
                List<HandoffRow> sorted = visible.stream().sorted(order(deep)).toList();
                assertThat(page.total()).isEqualTo(visible.size());
                assertThat(page.exact()).isTrue();
                assertThat(page.rows()).extracting(HandoffRow::handoffId).containsExactlyElementsOf(sorted
                        .subList((int) ((pages - 1) * deep.size()), sorted.size()).stream().map(HandoffRow::handoffId).toList());
                checked++;
                plans(named, viewer, now, report);
            }
            assertThatThrownBy(() -> search.find(all.caller(), query(Map.of("direction", "SENT"), "id", "1")))
                    .isInstanceOf(GatewayRejection.class).hasMessageContaining("direction");
            report.line("queries checked against the in-memory list: " + checked + ", each run " + RUNS + " times");
            report.line("test: " + (System.nanoTime() - testStarted) / 1_000_000 + " ms, load average "
                    + Files.readString(Path.of("/proc/loadavg")).trim());
            report.write(Path.of("target", "console-100k.txt"));
        }
    }

    /** Every filter on its own, the searches, and a combination; values drawn from what the viewer may see. */
    private static List<Case> cases(Viewer viewer, List<HandoffRow> visible, Instant now) {
        String own = viewer.scope().all() ? "hohhot-amr" : viewer.scope().agencyId();
        String other = own.startsWith("hohhot") ? (own.equals("hohhot-psb") ? "hohhot-amr" : "hohhot-psb")
                : own.equals("baotou-psb") ? "baotou-tax" : "baotou-psb";
        Map<String, String> direction = viewer.scope().all() ? Map.of("agency", own) : Map.of();
        HandoffRow sample = visible.get(visible.size() / 2);
        HandoffRow decided = visible.stream().filter(r -> !r.caseNumbers().isEmpty()).skip(7).findFirst().orElseThrow();
        LocalDate today = LocalDate.ofInstant(now, HandoffSearch.DAYS);
        List<Case> cases = new ArrayList<>(List.of(
                new Case("none", Map.of(), true),
                new Case("agency", Map.of("agency", other)),
                new Case("agency outside scope", Map.of("agency", own.startsWith("hohhot") ? "baotou-psb" : "hohhot-psb")),
                new Case("direction", with(direction, "direction", "SENT")),
                new Case("direction", with(direction, "direction", "RECEIVED")),
                new Case("type", Map.of("type", "REFERRAL_SUBMIT")),
                new Case("type", Map.of("type", "DECISION")),
                new Case("state", Map.of("state", "REGISTERED")),
                new Case("state", Map.of("state", "SUBMITTED")),
                new Case("level", Map.of("level", "OVERDUE")),
                new Case("level", Map.of("level", "WARNING")),
                new Case("level", Map.of("level", "NONE")),
                new Case("date range", Map.of("from", today.minusDays(30).toString(), "to", today.toString()), true),
                new Case("date range", Map.of("from", today.minusDays(400).toString(), "to", today.minusDays(365).toString())),
                new Case("search document number", Map.of("q", sample.documentNumbers().getFirst())),
                new Case("search document number", Map.of("q", "〔2025〕12")),
                new Case("search case number", Map.of("q", decided.caseNumbers().getFirst())),
                new Case("search party name", Map.of("q", "张伟")),
                new Case("search party name", Map.of("q", "包头某药业")),
                new Case("search handoff id", Map.of("q", "H-0012")),
                new Case("search nothing", Map.of("q", "无此当事人")),
                new Case("combined", Map.of("state", "INVESTIGATING", "level", "HALF", "from", today.minusDays(700).toString(),
                        "q", "某"))));
        return cases;
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> map = new LinkedHashMap<>(base);
        map.put(key, value);
        return map;
    }

    private static HandoffQuery query(Map<String, String> p, String sort, String page) {
        return HandoffQuery.parse(p.get("agency"), p.get("direction"), p.get("type"), p.get("state"), p.get("level"),
                p.get("from"), p.get("to"), p.get("q"), sort, page, null);
    }

    /** The filters, written again over the rows in memory. */
    private static Predicate<HandoffRow> matches(HandoffQuery q, ReadScope scope, Map<String, String> searchText) {
        String viewpoint = scope.all() ? q.agency() : scope.agencyId();
        return row -> (q.agency() == null || row.parties().contains(q.agency()))
                && (q.direction() == null || (q.direction() == HandoffQuery.Direction.SENT) == row.senderAgency().equals(viewpoint))
                && (q.type() == null || row.openingType().equals(q.type().name()))
                && (q.state() == null || row.state().equals(q.state().name()))
                && (q.level() == null || row.warningLevel().equals(q.level().name()))
                && (q.from() == null || !row.openedAt().isBefore(q.from().atStartOfDay(HandoffSearch.DAYS).toInstant()))
                && (q.to() == null || row.openedAt().isBefore(q.to().plusDays(1).atStartOfDay(HandoffSearch.DAYS).toInstant()))
                && (q.q() == null || searchText.get(row.handoffId()).contains(q.q().toLowerCase(Locale.ROOT)));
    }

    /** The orders, written again: nulls last ascending and first descending, as PostgreSQL sorts them. */
    private static Comparator<HandoffRow> order(HandoffQuery q) {
        Comparator<HandoffRow> id = Comparator.comparing(HandoffRow::handoffId);
        Comparator<HandoffRow> due = Comparator.comparing(HandoffRow::nextDueAt, Comparator.nullsLast(Comparator.naturalOrder()));
        Comparator<HandoffRow> rank = Comparator.comparing(row -> HandoffQuery.Level.valueOf(row.warningLevel()).ordinal());
        Comparator<HandoffRow> ascending = switch (q.sort()) {
            case ACTIVITY -> Comparator.comparing(HandoffRow::lastActivity).thenComparing(id);
            case OPENED -> Comparator.comparing(HandoffRow::openedAt).thenComparing(id);
            case DUE -> due.thenComparing(id);
            case LEVEL -> rank.thenComparing(due.reversed()).thenComparing(id.reversed());
            case STATE -> Comparator.comparing(HandoffRow::state).thenComparing(HandoffRow::lastActivity).thenComparing(id);
            case ID -> id;
        };
        return q.descending() ? ascending.reversed() : ascending;
    }

    /**
     * The refresh function recomputes a sample (every 97th handoff, so every spread of the seed) from
     * the source tables: it must give the rows the set-based seed gave.
     */
    private static int refreshFunctionAgreesOnASample(JdbcClient jdbc) {
        jdbc.sql("CREATE TABLE track_sample AS SELECT * FROM handoff_track WHERE substr(handoff_id, 3)::int % 97 = 0").update();
        int sampled = jdbc.sql("SELECT count(casebridge_track_handoff(handoff_id)) FROM track_sample").query(Integer.class).single();
        assertThat(sampled).isEqualTo(HANDOFFS / 97);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM track_sample s JOIN handoff_track t USING (handoff_id)
                        WHERE to_jsonb(s) - 'updated_at' = to_jsonb(t) - 'updated_at' AND t.updated_at > s.updated_at""")
                .query(Integer.class).single()).as("rows refreshed by the function and equal to the seed's").isEqualTo(sampled);
        return sampled;
    }

    private static void readModelMatchesItsSources(JdbcClient jdbc) {
        assertThat(jdbc.sql("SELECT count(*) FROM handoff_track").query(Long.class).single()).isEqualTo(HANDOFFS);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM handoff_track t
                        WHERE t.parties <> ARRAY(SELECT p.agency_id FROM handoff_party p WHERE p.handoff_id = t.handoff_id ORDER BY 1)""")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM handoff_track t JOIN handoff_lifecycle l USING (handoff_id) WHERE t.state <> l.state""")
                .query(Long.class).single()).isZero();
        // the latest warning fired on a clock not stopped (one clock per seeded handoff), found another way
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM handoff_track t WHERE t.warning_level <> coalesce((
                            SELECT w.level FROM clock_warning w JOIN handoff_clock c USING (clock_key)
                            WHERE c.handoff_id = t.handoff_id AND c.stopped_at IS NULL AND w.fired_at IS NOT NULL
                            ORDER BY w.fired_at DESC LIMIT 1), 'NONE')
                           OR t.next_due_at IS DISTINCT FROM (SELECT c.due_at FROM handoff_clock c
                                                              WHERE c.handoff_id = t.handoff_id AND c.stopped_at IS NULL)""")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM handoff_track t JOIN message m ON m.message_id = t.opened_by
                        WHERE t.document_numbers <> ARRAY[m.canonical_json::jsonb #>> '{payload,referral,transferLetter,documentNumber}']
                           OR cardinality(t.party_names) NOT IN (2)
                           OR cardinality(t.case_numbers) <> (SELECT count(*) FROM message d WHERE d.handoff_id = t.handoff_id AND d.type = 'DECISION')""")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(DISTINCT warning_level) FROM handoff_track").query(Long.class).single())
                .as("every level is represented").isEqualTo(5);
    }

    /** The plans of one find(): the first statement's, then, when matches are many, the count's and the page's. */
    record Plans(long matched, String few, String count, String page) {
        String all() {
            return few + "\n" + count + "\n" + page;
        }
    }

    /**
     * The plans of the list's queries as {@link HandoffSearch#find} runs them: few matches read filter
     * first in one statement, many counted and paged along the order's index; the scope and the agency
     * filter on the parties' GIN index; never the party table row by row.
     */
    private static void plans(NamedParameterJdbcTemplate jdbc, Viewer viewer, Instant now, Report report) {
        LocalDate today = LocalDate.ofInstant(now, HandoffSearch.DAYS);
        Map<String, String> expectations = new LinkedHashMap<>();
        expectations.put("-activity", "handoff_track_activity");
        expectations.put("opened", "handoff_track_opened");
        expectations.put("due", "handoff_track_due");
        expectations.put("-level", "handoff_track_level");
        expectations.put("state", "handoff_track_state");
        expectations.put("-id", "handoff_track_pkey");
        List<Plans> all = new ArrayList<>();
        for (Map.Entry<String, String> sorted : expectations.entrySet()) {
            Plans plans = explain(jdbc, viewer.scope(), query(Map.of(), sorted.getKey(), "1"), report, viewer.name() + ", sort " + sorted.getKey());
            all.add(plans);
            assertThat(plans.matched()).isGreaterThan(HandoffSearch.FILTER_FIRST);
            if (viewer.scope().all()) {
                assertThat(plans.page()).as(plans.page()).contains(sorted.getValue()).doesNotContain("Seq Scan").doesNotContain("Sort Key");
            } else {
                assertThat(plans.page()).as(plans.page()).containsAnyOf(sorted.getValue(), "handoff_track_parties");
            }
        }
        String outside = viewer.scope().all() ? "baotou-env" : viewer.scope().agencyId().startsWith("hohhot") ? "baotou-psb" : "hohhot-psb";
        Plans byAgency = explain(jdbc, viewer.scope(), query(Map.of("agency", outside), "-activity", "1"), report,
                viewer.name() + ", agency " + outside);
        assertThat(byAgency.all()).as(byAgency.all()).contains("Bitmap Index Scan on handoff_track_parties");
        if (!viewer.scope().all()) {
            assertThat(byAgency.matched()).as("nothing matches: one statement").isZero();
        }
        Plans byState = explain(jdbc, viewer.scope(), query(Map.of("state", "REGISTERED"), "-activity", "1"), report,
                viewer.name() + ", state filter");
        Plans byDate = explain(jdbc, viewer.scope(), query(Map.of("from", today.minusDays(30).toString()), "-opened", "1"), report,
                viewer.name() + ", date range");
        Plans bySearch = explain(jdbc, viewer.scope(), query(Map.of("q", "张伟"), "-activity", "1"), report, viewer.name() + ", search");
        if (viewer.scope().all()) {
            assertThat(byState.page()).as(byState.all()).contains("handoff_track_state");
            assertThat(byDate.page()).as(byDate.all()).contains("handoff_track_opened");
        } else {
            assertThat(byDate.matched()).isBetween(1L, (long) HandoffSearch.FILTER_FIRST);
            assertThat(byDate.few()).as("few match: filter first on the indexes, then sort")
                    .contains("CTE Scan").contains("handoff_track_parties").contains("handoff_track_opened");
        }
        // the search is a substring of any text (no index for CJK substrings): one pass when matches are few
        assertThat(bySearch.matched()).isLessThanOrEqualTo(HandoffSearch.FILTER_FIRST);
        assertThat(bySearch.few()).as(bySearch.few()).contains("strpos(search_text");
        all.addAll(List.of(byAgency, byState, byDate, bySearch));
        for (Plans plans : all) {
            assertThat(plans.all()).as(plans.all()).doesNotContain("on handoff_party ").doesNotContain("SubPlan");
        }
    }

    private static Plans explain(NamedParameterJdbcTemplate jdbc, ReadScope scope, HandoffQuery query, Report report, String what) {
        HandoffSearch.Statement few = HandoffSearch.fewStatement(scope, query);
        long matched = jdbc.query(few.sql(), few.params(), (ResultSet rs, int n) -> rs.getLong("matched")).getFirst();
        String countPlan = "";
        String pagePlan = "";
        if (matched > HandoffSearch.FILTER_FIRST) {
            long offset = (long) (query.page() - 1) * query.size();
            countPlan = "-- count\n" + explain(jdbc, HandoffSearch.countStatement(scope, query, offset + HandoffSearch.COUNT_CAP + 1));
            pagePlan = "-- page\n" + explain(jdbc, HandoffSearch.pageStatement(scope, query));
        }
        Plans plans = new Plans(matched, "-- first (" + matched + " matched)\n" + explain(jdbc, few), countPlan, pagePlan);
        report.plan(what, plans.all().strip());
        return plans;
    }

    private static String explain(NamedParameterJdbcTemplate jdbc, HandoffSearch.Statement statement) {
        return String.join("\n", jdbc.queryForList("EXPLAIN " + statement.sql(), statement.params(), String.class));
    }

    private static void seed(DataSource dataSource, Instant now) throws Exception {
        String script;
        try (InputStream in = HandoffSearch100kTest.class.getResourceAsStream("/tracking/seed-100k.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@NOW@", now.toString());
        }
        try (var connection = dataSource.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new EncodedResource(new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8));
        }
    }

    /** Times per query kind (p50 and max) and plans, to stdout and a file. */
    private static final class Report {
        private final Map<String, List<Long>> times = new TreeMap<>();
        private final List<String> lines = new ArrayList<>();
        private final List<String> plans = new ArrayList<>();

        void time(String kind, long nanos) {
            times.computeIfAbsent(kind, k -> new ArrayList<>()).add(nanos);
        }

        void line(String line) {
            System.out.println(line);
            lines.add(line);
        }

        void plan(String what, String plan) {
            plans.add("-- " + what + "\n" + plan);
        }

        void write(Path file) throws IOException {
            StringBuilder out = new StringBuilder("Handoff list over " + HANDOFFS + " handoffs (count + page of 50 per query, "
                    + "through HandoffSearch.find, access audit included)\n");
            lines.forEach(line -> out.append(line).append('\n'));
            out.append(String.format("%-26s %6s %9s %9s%n", "query kind", "runs", "p50 ms", "max ms"));
            times.forEach((kind, nanos) -> {
                List<Long> sorted = nanos.stream().sorted().toList();
                out.append(String.format("%-26s %6d %9.1f %9.1f%n", kind, sorted.size(), sorted.get(sorted.size() / 2) / 1e6,
                        sorted.getLast() / 1e6));
            });
            out.append("\nQuery plans\n");
            plans.forEach(plan -> out.append(plan).append("\n\n"));
            System.out.println(out);
            Files.createDirectories(file.getParent());
            Files.writeString(file, out);
        }
    }
}
