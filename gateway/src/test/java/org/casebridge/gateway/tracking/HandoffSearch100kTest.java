package org.casebridge.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
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
 * The handoff list over 100,000 handoffs seeded straight into the source tables and tracked by the
 * refresh function: every filter, search and order, for a viewer of all agencies and for two
 * agencies' liaison officers, through the real search code, each page checked against the same
 * list computed here from the whole read model; the read model itself checked against its sources;
 * the query plans checked for the indexes they are meant to use. Times are measured and written to
 * target/console-100k.txt, not asserted: the machine is shared.
 */
class HandoffSearch100kTest {

    private static final int HANDOFFS = 100_000;

    /** A viewer and what it may read. */
    record Viewer(String name, Caller caller, ReadScope scope) {
    }

    /** A filter set under a name for the report; params as the list page takes them. */
    record Case(String kind, Map<String, String> params) {
    }

    @Test
    void everyFilterSearchAndOrderIsRightOverAHundredThousandHandoffs(@TempDir Path work) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr",
                "hohhot-psb", "hohhot-procuratorate", "baotou-tax", "baotou-psb", "baotou-procuratorate"))) {
            DataSource dataSource = gateway.context().getBean(DataSource.class);
            JdbcClient jdbc = JdbcClient.create(dataSource);
            HandoffSearch search = gateway.context().getBean(HandoffSearch.class);
            Report report = new Report();

            long seeding = System.nanoTime();
            seed(dataSource, now);
            report.line("seed and track " + HANDOFFS + " handoffs: " + (System.nanoTime() - seeding) / 1_000_000 + " ms");
            readModelMatchesItsSources(jdbc);

            Viewer all = new Viewer("auditor", new Caller("auditor", null, Set.of("auditor")), new ReadScope(true, null));
            long exporting = System.nanoTime();
            List<HandoffRow> everything = new ArrayList<>(HANDOFFS);
            search.export(all.caller(), HandoffQuery.parse(null, null, null, null, null, null, null, null, "id", null, null))
                    .forEach(everything::add);
            report.line("export of all rows: " + (System.nanoTime() - exporting) / 1_000_000 + " ms");
            assertThat(everything).hasSize(HANDOFFS);
            assertThat(everything).extracting(HandoffRow::handoffId).isSorted();

            List<Viewer> viewers = List.of(all,
                    new Viewer("hohhot-amr liaison", new Caller("liaison", "hohhot-amr", Set.of("liaison-officer")),
                            new ReadScope(false, "hohhot-amr")),
                    new Viewer("baotou-psb liaison", new Caller("police", "baotou-psb", Set.of("liaison-officer")),
                            new ReadScope(false, "baotou-psb")));
            NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
            int checked = 0;
            for (Viewer viewer : viewers) {
                List<HandoffRow> visible = everything.stream()
                        .filter(row -> viewer.scope().all() || row.parties().contains(viewer.scope().agencyId())).toList();
                assertThat(visible).isNotEmpty();
                for (Case c : cases(viewer, visible, now)) {
                    List<HandoffRow> matching = visible.stream().filter(matches(query(c.params(), "id", "1"), viewer.scope()))
                            .toList();
                    for (HandoffQuery.Sort sort : HandoffQuery.Sort.values()) {
                        for (String sortParameter : List.of(sort.key(), "-" + sort.key())) {
                            HandoffQuery query = query(c.params(), sortParameter, "1");
                            List<HandoffRow> expected = matching.stream().sorted(order(query)).toList();
                            long started = System.nanoTime();
                            HandoffPage page = search.find(viewer.caller(), query);
                            report.time(c.kind(), System.nanoTime() - started);
                            String what = viewer.name() + " " + c + " sort " + sortParameter;
                            assertThat(page.total()).as(what).isEqualTo(expected.size());
                            assertThat(page.rows()).extracting(HandoffRow::handoffId).as(what)
                                    .containsExactlyElementsOf(expected.stream().limit(query.size()).map(HandoffRow::handoffId).toList());
                            checked++;
                        }
                    }
                }
                // the last page of the whole list, deep in the offset
                HandoffQuery last = query(Map.of(), "-activity", "1");
                long pages = (visible.size() + last.size() - 1) / last.size();
                HandoffQuery deep = last.atPage((int) pages);
                long started = System.nanoTime();
                HandoffPage page = search.find(viewer.caller(), deep);
                report.time("last page", System.nanoTime() - started);
                List<HandoffRow> sorted = visible.stream().sorted(order(deep)).toList();
                assertThat(page.rows()).extracting(HandoffRow::handoffId).containsExactlyElementsOf(sorted
                        .subList((int) ((pages - 1) * deep.size()), sorted.size()).stream().map(HandoffRow::handoffId).toList());
                plans(named, viewer, now, report);
            }
            assertThatThrownBy(() -> search.find(all.caller(), query(Map.of("direction", "SENT"), "id", "1")))
                    .isInstanceOf(GatewayRejection.class).hasMessageContaining("direction");
            report.line("queries checked against the in-memory list: " + checked);
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
                new Case("none", Map.of()),
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
                new Case("date range", Map.of("from", today.minusDays(30).toString(), "to", today.toString())),
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
    private static Predicate<HandoffRow> matches(HandoffQuery q, ReadScope scope) {
        String viewpoint = scope.all() ? q.agency() : scope.agencyId();
        return row -> (q.agency() == null || row.parties().contains(q.agency()))
                && (q.direction() == null || (q.direction() == HandoffQuery.Direction.SENT) == row.senderAgency().equals(viewpoint))
                && (q.type() == null || row.openingType().equals(q.type().name()))
                && (q.state() == null || row.state().equals(q.state().name()))
                && (q.level() == null || row.warningLevel().equals(q.level().name()))
                && (q.from() == null || !row.openedAt().isBefore(q.from().atStartOfDay(HandoffSearch.DAYS).toInstant()))
                && (q.to() == null || row.openedAt().isBefore(q.to().plusDays(1).atStartOfDay(HandoffSearch.DAYS).toInstant()))
                && (q.q() == null || String.join(" ", Stream.of(List.of(row.handoffId()), row.documentNumbers(), row.caseNumbers(),
                        row.partyNames()).flatMap(List::stream).toList()).toLowerCase(Locale.ROOT)
                        .contains(q.q().toLowerCase(Locale.ROOT)));
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

    private static void readModelMatchesItsSources(JdbcClient jdbc) {
        assertThat(jdbc.sql("SELECT count(*) FROM handoff_track").query(Long.class).single()).isEqualTo(HANDOFFS);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM handoff_track t JOIN handoff_lifecycle l USING (handoff_id) WHERE t.state <> l.state""")
                .query(Long.class).single()).isZero();
        // the latest warning fired on a clock not stopped (one clock per seeded handoff), found another way
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM handoff_track t WHERE t.warning_level <> coalesce((
                            SELECT w.level FROM clock_warning w JOIN handoff_clock c USING (clock_key)
                            WHERE c.handoff_id = t.handoff_id AND c.stopped_at IS NULL AND w.fired_at IS NOT NULL
                            ORDER BY w.fired_at DESC LIMIT 1), 'NONE')
                           OR t.overdue <> (t.warning_level = 'OVERDUE')
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

    /** The plans of the main list queries: each filter and order on its index, the scope on handoff_party's. */
    private static void plans(NamedParameterJdbcTemplate jdbc, Viewer viewer, Instant now, Report report) {
        LocalDate today = LocalDate.ofInstant(now, HandoffSearch.DAYS);
        Map<String, String> expectations = new LinkedHashMap<>();
        expectations.put("-activity", "handoff_track_activity");
        expectations.put("opened", "handoff_track_opened");
        expectations.put("due", "handoff_track_due");
        expectations.put("-level", "handoff_track_level");
        for (Map.Entry<String, String> sorted : expectations.entrySet()) {
            String plan = explain(jdbc, viewer.scope(), query(Map.of(), sorted.getKey(), "1"));
            report.plan(viewer.name() + ", sort " + sorted.getKey(), plan);
            if (viewer.scope().all()) {
                assertThat(plan).as(plan).contains(sorted.getValue()).doesNotContain("Seq Scan");
            } else {
                assertThat(plan).as(plan).contains("handoff_party").doesNotContain("Seq Scan on handoff_party");
            }
        }
        String byState = explain(jdbc, viewer.scope(), query(Map.of("state", "REGISTERED"), "-activity", "1"));
        report.plan(viewer.name() + ", state filter", byState);
        String byDate = explain(jdbc, viewer.scope(), query(Map.of("from", today.minusDays(30).toString()), "-opened", "1"));
        report.plan(viewer.name() + ", date range", byDate);
        String bySearch = explain(jdbc, viewer.scope(), query(Map.of("q", "张伟"), "-activity", "1"));
        report.plan(viewer.name() + ", search", bySearch);
        if (viewer.scope().all()) {
            assertThat(byState).as(byState).contains("handoff_track_state");
            assertThat(byDate).as(byDate).contains("handoff_track_opened");
        }
        for (String plan : List.of(byState, byDate, bySearch)) {
            assertThat(plan).as(plan).doesNotContain("Seq Scan on handoff_party");
        }
    }

    private static String explain(NamedParameterJdbcTemplate jdbc, ReadScope scope, HandoffQuery query) {
        HandoffSearch.Statement statement = HandoffSearch.pageStatement(scope, query);
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
