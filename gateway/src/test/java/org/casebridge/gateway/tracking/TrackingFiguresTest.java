package org.casebridge.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.casebridge.gateway.support.CaseScript.at;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.gateway.lifecycle.HandoffState;
import org.casebridge.gateway.lifecycle.Lifecycle;
import org.casebridge.gateway.support.ConsoleHttp;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.CaseScript;
import org.casebridge.gateway.support.InProcessAgency;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.gateway.tracking.TrackingFigures.Count;
import org.casebridge.gateway.tracking.TrackingFigures.Figures;
import org.casebridge.gateway.tracking.TrackingFigures.Timeliness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dashboard's figures over five real handoffs driven through their lifecycles on the gateway's
 * clock in March 2026, and the dashboard page over HTTP after signing in through the realm.
 *
 * <pre>
 * A  hohhot   transfer, receipt, registered the same day, items handed over next day       ITEMS_HANDED_OVER
 * B  hohhot   receipt, refused on day 2 (24 h windows closed late), reconsidered, registered  REGISTERED (corrected)
 * C  hohhot   receipt, then nothing: the 24 h windows run out                               RECEIVED (overdue)
 * D  baotou   transfer and receipt on Mar 5: its 24 h windows end within a day               RECEIVED (near due)
 * E  hohhot   refused, reconsideration upholds the refusal                                   REFUSED_FINAL (settled)
 * </pre>
 * The figures are taken on Thursday 2026-03-05 12:00 Beijing time.
 */
class TrackingFiguresTest {

    private static final String AMR = "hohhot-amr";
    private static final String PSB = "hohhot-psb";
    private static final String PROCURATORATE = "hohhot-procuratorate";

    private static final Caller AUDITOR = new Caller("auditor", null, Set.of("auditor"));
    private static final Caller HOHHOT_LIAISON = new Caller("liaison", AMR, Set.of("liaison-officer"));
    private static final Caller BAOTOU_LIAISON = new Caller("baotou-liaison", "baotou-tax", Set.of("liaison-officer"));
    private static final Caller OPERATOR = new Caller("operator", null, Set.of("operator"));

    @TempDir
    Path work;

    private final AdjustableClock clock = new AdjustableClock();
    private final Map<String, InProcessAgency> agencies = new HashMap<>();

    @Test
    void figuresFollowTheLifecyclesAndTheViewersScopeAndTheDashboardShowsThem() throws Exception {
        setTime(at("2026-03-02T09:00"));
        Path agencyFile = TestAgencies.pull(work, AMR, PSB, PROCURATORATE, "baotou-tax", "baotou-psb", "baotou-procuratorate");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencyFile,
                Map.of("casebridge.clocks.scan-interval", "50ms"), clock)) {
            for (String id : List.of(AMR, PSB, PROCURATORATE, "baotou-tax", "baotou-psb")) {
                agencies.put(id, new InProcessAgency(gateway.context(), id));
            }
            JdbcClient database = gateway.context().getBean(JdbcClient.class);
            TrackingFigures tracking = gateway.context().getBean(TrackingFigures.class);
            Lifecycle lifecycle = gateway.context().getBean(Lifecycle.class);
            playTheCases(database);
            assertThat(lifecycle.state("hohhot-amr-h-fig-a")).hasValue(HandoffState.ITEMS_HANDED_OVER);
            assertThat(lifecycle.state("hohhot-amr-h-fig-b")).hasValue(HandoffState.REGISTERED);
            assertThat(lifecycle.state("hohhot-amr-h-fig-e")).hasValue(HandoffState.REFUSED_FINAL);

            setTime(at("2026-03-05T12:00"));
            awaitWarningsFired(database);

            Figures all = tracking.of(AUDITOR, null, null);
            assertThat(all.openTotal()).isEqualTo(4);
            assertThat(all.openByState()).containsExactly(new Count("RECEIVED", 2), new Count("REGISTERED", 1),
                    new Count("ITEMS_HANDED_OVER", 1));
            assertThat(all.openByAgency()).contains(new Count(AMR, 3), new Count(PSB, 3), new Count("baotou-tax", 1),
                    new Count("baotou-psb", 1));
            assertThat(all.overdue()).as("C: its forwarding and deficiency windows ran out").isEqualTo(1);
            assertThat(all.nearDue()).as("D: its windows end within 24 hours").isEqualTo(1);
            // police: A 3 in time; B 2 in time, 2 late (the 24 h windows); C 2 overdue; E 4 in time.
            // regulator: A's items handed over, B's and E's reconsideration requested, each in time.
            assertThat(all.onTimeByAgency()).containsExactly(new Timeliness(AMR, 3, 0, 0), new Timeliness(PSB, 9, 2, 2));
            assertThat(all.onTimeByAgency().get(1).rate()).isCloseTo(100.0 * 9 / 13, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(all.onTimeOverall()).isEqualTo(new Timeliness(null, 12, 2, 2));
            assertThat(all.onTimeOverall().spotCheckRate()).isCloseTo(100.0 * 12 / 14, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(all.supervision()).isEqualTo(new TrackingFigures.Supervision(5, 2, 0, 1, 3, 2));
            assertThat(all.trend()).hasSize(30);
            assertThat(all.trend().getLast()).isEqualTo(new TrackingFigures.DayCount(LocalDate.parse("2026-03-05"), 1));
            assertThat(all.trend()).filteredOn(d -> d.count() > 0).containsExactly(
                    new TrackingFigures.DayCount(LocalDate.parse("2026-03-02"), 4),
                    new TrackingFigures.DayCount(LocalDate.parse("2026-03-05"), 1));

            // the regulator in Hohhot sees its own four handoffs only: no Baotou handoff, no Baotou agency
            Figures hohhot = tracking.of(HOHHOT_LIAISON, null, null);
            assertThat(hohhot.scopeAgency()).isEqualTo(AMR);
            assertThat(hohhot.openTotal()).isEqualTo(3);
            assertThat(hohhot.openByState()).containsExactly(new Count("RECEIVED", 1), new Count("REGISTERED", 1),
                    new Count("ITEMS_HANDED_OVER", 1));
            assertThat(hohhot.openByAgency()).extracting(Count::key).doesNotContain("baotou-tax", "baotou-psb")
                    .contains(AMR, PSB);
            assertThat(hohhot.overdue()).isEqualTo(1);
            assertThat(hohhot.nearDue()).isZero();
            assertThat(hohhot.supervision().transfers()).isEqualTo(4);
            assertThat(hohhot.trend()).filteredOn(d -> d.count() > 0).extracting(TrackingFigures.DayCount::count).containsExactly(4L);

            Figures baotou = tracking.of(BAOTOU_LIAISON, null, null);
            assertThat(baotou.openTotal()).isEqualTo(1);
            assertThat(baotou.openByAgency()).extracting(Count::key).doesNotContain(AMR, PSB);
            assertThat(baotou.nearDue()).isEqualTo(1);
            assertThat(baotou.onTimeByAgency()).as("nothing of D has come due yet").isEmpty();
            assertThat(baotou.onTimeOverall().rate()).isNull();

            // a window of opening days: from Mar 3 only D was opened
            Figures fromMarch3 = tracking.of(AUDITOR, LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-05"));
            assertThat(fromMarch3.openTotal()).isEqualTo(1);
            assertThat(fromMarch3.supervision().transfers()).isEqualTo(1);
            assertThat(fromMarch3.trend()).extracting(TrackingFigures.DayCount::count).containsExactly(0L, 0L, 1L);
            assertThatThrownBy(() -> tracking.of(AUDITOR, LocalDate.parse("2026-03-05"), LocalDate.parse("2026-03-01")))
                    .isInstanceOfSatisfying(GatewayRejection.class,
                            r -> assertThat(r.reason()).isEqualTo(GatewayRejection.Reason.CONTRACT_VIOLATION));
            assertThatThrownBy(() -> tracking.of(OPERATOR, null, null)).isInstanceOfSatisfying(GatewayRejection.class,
                    r -> assertThat(r.reason()).isEqualTo(GatewayRejection.Reason.FORBIDDEN));

            // The page, signed in through the realm: tokens are checked against the gateway's clock, so it goes back to now.
            clock.reset();
            awaitWarningsFired(database);
            dashboardPages(gateway);
        }
    }

    private void playTheCases(JdbcClient database) {
        CaseScript a = new CaseScript("hohhot-amr-h-fig-a", clock);
        CaseScript b = new CaseScript("hohhot-amr-h-fig-b", clock);
        CaseScript c = new CaseScript("hohhot-amr-h-fig-c", clock);
        CaseScript e = new CaseScript("hohhot-amr-h-fig-e", clock);
        Map<String, CaseScript> hohhot = Map.of("a", a, "b", b, "c", c, "e", e);
        hohhot.forEach((id, script) -> send(script, AMR, script.transfer(AMR + "-m-" + id + "-transfer", at("2026-03-02T09:00"))));
        setTime(at("2026-03-02T10:00"));
        hohhot.forEach((id, script) -> send(script, PSB, script.reply("receipt", PSB + "-m-" + id + "-receipt", PSB, AMR,
                at("2026-03-02T10:00"))));
        setTime(at("2026-03-02T15:00"));
        send(a, PSB, a.reply("decision-register", PSB + "-m-a-registered", PSB, AMR, at("2026-03-02T15:00"), PROCURATORATE));
        setTime(at("2026-03-02T16:00"));
        send(e, PSB, e.reply("decision-refuse", PSB + "-m-e-refused", PSB, AMR, at("2026-03-02T16:00"), PROCURATORATE));
        // the regulator and the prosecutor take their inboxes now: these two decisions are served, B's later one is not
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            agencies.get(AMR).drain();
            agencies.get(PROCURATORATE).drain();
            return database.sql("""
                    SELECT count(*) FROM message m WHERE m.type = 'DECISION' AND NOT EXISTS (SELECT 1 FROM dispatch d
                    WHERE d.message_id = m.message_id AND d.kind = 'MESSAGE' AND d.state <> 'ACKNOWLEDGED')""")
                    .query(Integer.class).single() == 2;
        });

        setTime(at("2026-03-03T10:00"));
        send(a, AMR, a.notice("ITEMS_HANDOVER", AMR + "-m-a-items", AMR, PSB, at("2026-03-03T10:00"),
                n -> n.putArray("items").addObject().put("title", "涉案物品清单").put("documentKind", "SEIZED_ITEM_LIST").put("pages", 3)));
        send(e, AMR, e.notice("RECONSIDERATION_REQUEST", AMR + "-m-e-recon", AMR, PSB, at("2026-03-03T10:00"), n -> { }));
        setTime(at("2026-03-03T15:00"));
        send(e, PSB, e.notice("RECONSIDERATION_DECISION", PSB + "-m-e-upheld", PSB, AMR, at("2026-03-03T15:00"),
                n -> n.put("outcome", "UPHOLD_REFUSAL"), PROCURATORATE));

        setTime(at("2026-03-04T10:00"));
        send(b, PSB, b.reply("decision-refuse", PSB + "-m-b-refused", PSB, AMR, at("2026-03-04T10:00"), PROCURATORATE));
        setTime(at("2026-03-04T11:00"));
        send(b, AMR, b.notice("RECONSIDERATION_REQUEST", AMR + "-m-b-recon", AMR, PSB, at("2026-03-04T11:00"), n -> { }));
        setTime(at("2026-03-04T15:00"));
        send(b, PSB, b.notice("RECONSIDERATION_DECISION", PSB + "-m-b-registered", PSB, AMR, at("2026-03-04T15:00"),
                n -> n.put("outcome", "REGISTER"), PROCURATORATE));

        CaseScript d = new CaseScript("baotou-tax-h-fig-d", clock);
        setTime(at("2026-03-05T09:00"));
        ObjectNode transfer = d.transfer("baotou-tax-m-d-transfer", at("2026-03-05T09:00"));
        transfer.putObject("sender").put("agency", "baotou-tax");
        transfer.putObject("recipient").put("agency", "baotou-psb");
        transfer.remove("copyTo");
        transfer.putArray("copyTo").addObject().put("agency", "baotou-procuratorate");
        send(d, "baotou-tax", transfer);
        setTime(at("2026-03-05T10:00"));
        send(d, "baotou-psb", d.reply("receipt", "baotou-psb-m-d-receipt", "baotou-psb", "baotou-tax", at("2026-03-05T10:00")));
    }

    private void dashboardPages(RunningGateway gateway) throws Exception {
        String window = "?from=2026-03-01&to=2026-03-05";
        ConsoleHttp liaison = ConsoleHttp.signIn(gateway.baseUrl(), "liaison", "liaison");
        HttpResponse<String> page = liaison.get("/console/dashboard" + window);
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        // at the real date every clock still running is long overdue: B (items), C (all three), E (supervision request);
        // on time: police 9 in time, 2 late, 3 overdue; regulator 3 in time, 2 overdue
        assertThat(figure(html, "open-total")).isEqualTo("3");
        assertThat(figure(html, "overdue-total")).isEqualTo("3");
        assertThat(figure(html, "near-due-total")).isEqualTo("0");
        assertThat(figure(html, "corrected-total")).isEqualTo("1");
        assertThat(figure(html, "on-time-rate")).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * 12 / 19));
        assertThat(figure(html, "spot-check-rate")).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * 12 / 14));
        assertThat(html).contains("id=\"dashboard\"", "sse-connect=\"/console/events\"", "sse:handoff-changed",
                "统计概览", "在办移送（按状态）", "按期办理率", "呼和浩特市公安局", "RECEIVED")
                .doesNotContain("包头", "baotou");
        assertThat(count(html, "<svg class=\"chart\" role=\"img\"")).isEqualTo(4);
        assertThat(count(html, "class=\"export-csv\"")).isEqualTo(4);
        assertThat(html).contains("<title id=\"chart-by-state-title\">在办移送（按状态）</title>");

        // on-time bars: each bar's width follows the rate printed next to it
        List<double[]> bars = bars(html, "chart-on-time");
        assertThat(bars).hasSize(2);
        for (double[] bar : bars) {
            assertThat(bar[0]).isCloseTo(340 * bar[1] / 100, org.assertj.core.data.Offset.offset(0.25));
        }

        HttpResponse<String> english = liaison.get("/console/dashboard" + window + "&lang=en");
        assertThat(english.body()).contains("Open handoffs by state", "On-time rate by responsible agency", "Corrected cases",
                "Export CSV").doesNotContain("在办移送（按状态）");

        HttpResponse<String> fragment = liaison.get("/console/dashboard/figures" + window);
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body()).startsWith("<div id=\"figures\"").contains("id=\"open-total\"").doesNotContain("<html");

        HttpResponse<String> csv = liaison.get("/console/dashboard/open-by-state.csv" + window);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(csv.body()).startsWith("\uFEFFstate,").contains("\r\nRECEIVED,").contains(",1\r\n");
        assertThat(csv.body().split("\r\n")).hasSize(4);
        HttpResponse<String> onTimeCsv = liaison.get("/console/dashboard/on-time.csv" + window);
        assertThat(onTimeCsv.body()).contains("hohhot-psb,呼和浩特市公安局,9,2,3,").contains("hohhot-amr,");
        HttpResponse<String> trendCsv = liaison.get("/console/dashboard/trend.csv" + window);
        assertThat(trendCsv.body().split("\r\n")).containsSubsequence("\uFEFFday,opened", "2026-03-02,4", "2026-03-05,0");

        assertThat(liaison.get("/console/dashboard/nothing.csv").statusCode()).isEqualTo(404);
        assertThat(liaison.get("/console/dashboard?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(liaison.get("/console/dashboard?from=2026-03-05&to=2026-03-01").statusCode()).isEqualTo(400);

        ConsoleHttp operator = ConsoleHttp.signIn(gateway.baseUrl(), "operator", "operator");
        HttpResponse<String> operatorPage = operator.get("/console/dashboard");
        assertThat(operatorPage.statusCode()).isEqualTo(200);
        assertThat(operatorPage.body()).contains("id=\"no-cases\"").doesNotContain("id=\"dashboard\"", "id=\"open-total\"");
        assertThat(operator.get("/console/dashboard/trend.csv").statusCode()).isEqualTo(403);

        ConsoleHttp auditor = ConsoleHttp.signIn(gateway.baseUrl(), "auditor", "auditor");
        String auditorPage = auditor.get("/console/dashboard" + window).body();
        assertThat(figure(auditorPage, "open-total")).isEqualTo("4");
        assertThat(auditorPage).contains("包头市公安局");
    }

    private void awaitWarningsFired(JdbcClient database) {
        Instant now = clock.instant();
        await().atMost(Duration.ofSeconds(20)).until(() -> database.sql("""
                        SELECT count(*) FROM clock_warning w JOIN handoff_clock c ON c.clock_key = w.clock_key
                        WHERE w.fired_at IS NULL AND w.fire_at <= ? AND c.stopped_at IS NULL AND c.paused_since IS NULL""")
                .param(Timestamp.from(now)).query(Integer.class).single() == 0);
    }

    private void send(CaseScript script, String from, ObjectNode message) {
        script.send(agencies.get(from), message);
    }

    private void setTime(Instant instant) {
        clock.advance(Duration.between(clock.instant(), instant));
    }

    private static String figure(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(html);
        assertThat(m.find()).as("figure " + id).isTrue();
        return m.group(1).strip();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** The width of each bar of a chart and the percentage printed after it. */
    private static List<double[]> bars(String html, String chartId) {
        int start = html.indexOf("id=\"" + chartId + "\"");
        String svg = html.substring(start, html.indexOf("</svg>", start));
        Matcher m = Pattern.compile("<rect [^>]*width=\"([0-9.]+)\"[^>]*></rect>\\s*<text class=\"value\"[^>]*>([0-9.]+) %</text>").matcher(svg);
        List<double[]> bars = new ArrayList<>();
        while (m.find()) {
            bars.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return bars;
    }
}
