package org.casebridge.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.casebridge.gateway.support.ConsoleHttp;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import tools.jackson.databind.node.ObjectNode;

/**
 * The handoff list page against a real gateway: handoffs opened and moved on by agency systems over
 * HTTP, people signed in through Keycloak. Filters, search (Chinese text), order, paging, CSV, the
 * read scope (a Hohhot liaison officer never sees a Baotou handoff, however the query is crafted),
 * 400 on what cannot be read, and the read model following transitions and fired warnings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HandoffListTest {

    private static final Pattern ROW = Pattern.compile("<tr data-handoff-id=\"([^\"]+)\">");
    private static final Pattern TOTAL = Pattern.compile("id=\"total\">(\\d+)<");
    private static final DateTimeFormatter SENT_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    private final AdjustableClock clock = new AdjustableClock();
    private RunningGateway gateway;
    private ConsoleHttp liaison;
    private ConsoleHttp police;
    private ConsoleHttp auditor;
    private Connection listener;

    @BeforeAll
    void openHandoffs(@TempDir Path work) throws Exception {
        gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr", "hohhot-psb",
                "hohhot-procuratorate", "baotou-tax", "baotou-psb", "baotou-procuratorate"),
                Map.of("casebridge.clocks.scan-interval", "50ms"), clock);
        listener = gateway.context().getBean(DataSource.class).getConnection();
        listener.setAutoCommit(true);
        try (var statement = listener.createStatement()) {
            statement.execute("LISTEN casebridge_handoff");
        }
        AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
        AgencyRest psb = new AgencyRest("hohhot-psb", gateway.baseUrl());
        submit(amr, referral("hohhot-amr-h-l-food", "呼市监移〔2026〕17号", "呼和浩特某食品有限公司", "呼和浩特某食品有限公司"));
        submit(amr, referral("hohhot-amr-h-l-tax", "呼市监移〔2026〕18号", "张三", "李四"));
        submit(amr, referral("hohhot-amr-h-l-drug", "呼市监移〔2026〕19号", "赛罕区某药店", "赛罕区某药店"));
        ObjectNode baotou = referral("baotou-tax-h-l-baotou", "包税移〔2026〕5号", "包头某商贸有限公司", "包头某商贸有限公司");
        baotou.putObject("sender").put("agency", "baotou-tax");
        baotou.putObject("recipient").put("agency", "baotou-psb");
        baotou.putArray("copyTo").addObject().put("agency", "baotou-procuratorate");
        submit(new AgencyRest("baotou-tax", gateway.baseUrl()), baotou);
        submit(psb, Messages.reply("receipt", "hohhot-amr-h-l-tax", "hohhot-psb-h-l-tax-receipt", "hohhot-amr-h-l-tax-transfer"));
        submit(psb, Messages.reply("receipt", "hohhot-amr-h-l-food", "hohhot-psb-h-l-food-receipt", "hohhot-amr-h-l-food-transfer"));
        liaison = ConsoleHttp.signIn(gateway.baseUrl(), "liaison", "liaison");
        police = ConsoleHttp.signIn(gateway.baseUrl(), "police", "police");
        auditor = ConsoleHttp.signIn(gateway.baseUrl(), "auditor", "auditor");
    }

    @AfterAll
    void stop() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void aLiaisonOfficerSeesHisAgencysHandoffsAndFiltersThem() throws Exception {
        HttpResponse<String> all = liaison.get("/console/handoffs");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(ids(all)).containsExactlyInAnyOrder("hohhot-amr-h-l-food", "hohhot-amr-h-l-tax", "hohhot-amr-h-l-drug");
        assertThat(total(all)).isEqualTo(3);
        assertThat(all.body()).contains("<form id=\"filters\"", "id=\"apply-filters\"", "table id=\"handoffs\"",
                "class=\"open-handoff mono\" href=\"/console/handoffs/hohhot-amr-h-l-tax\"", "id=\"export-csv\"", "class=\"sort",
                "sse-connect=\"/console/events\"", "hx-trigger=\"sse:handoff-changed", "已接收", "移送涉嫌犯罪案件")
                .doesNotContain("baotou-tax-h-l-baotou");

        assertThat(ids(liaison.get("/console/handoffs?state=RECEIVED"))).containsExactlyInAnyOrder("hohhot-amr-h-l-food", "hohhot-amr-h-l-tax");
        assertThat(ids(liaison.get("/console/handoffs?state=SUBMITTED"))).containsExactly("hohhot-amr-h-l-drug");
        assertThat(ids(liaison.get("/console/handoffs?type=REFERRAL_SUBMIT&level=NONE"))).hasSize(3);
        assertThat(ids(liaison.get("/console/handoffs?type=DECISION"))).isEmpty();
        assertThat(ids(liaison.get("/console/handoffs?direction=SENT"))).hasSize(3);
        assertThat(ids(liaison.get("/console/handoffs?direction=RECEIVED"))).isEmpty();
        assertThat(ids(police.get("/console/handoffs?direction=RECEIVED"))).containsExactlyInAnyOrder("hohhot-amr-h-l-food", "hohhot-amr-h-l-tax", "hohhot-amr-h-l-drug");
        assertThat(ids(police.get("/console/handoffs?direction=SENT"))).isEmpty();
        assertThat(police.get("/console/handoffs").body()).contains("data-direction=\"RECEIVED\"").doesNotContain("data-direction=\"SENT\"");

        String today = OffsetDateTime.now(BEIJING).toLocalDate().toString();
        String yesterday = OffsetDateTime.now(BEIJING).toLocalDate().minusDays(1).toString();
        assertThat(ids(liaison.get("/console/handoffs?from=" + today + "&to=" + today))).hasSize(3);
        assertThat(ids(liaison.get("/console/handoffs?to=" + yesterday))).isEmpty();
        assertThat(ids(liaison.get("/console/handoffs?agency=hohhot-psb&state=RECEIVED"))).hasSize(2);

        // the auditor reads every agency; direction is seen from the agency chosen
        assertThat(ids(auditor.get("/console/handoffs"))).hasSize(4);
        assertThat(ids(auditor.get("/console/handoffs?agency=baotou-tax"))).containsExactly("baotou-tax-h-l-baotou");
        assertThat(ids(auditor.get("/console/handoffs?agency=hohhot-psb&direction=RECEIVED"))).hasSize(3);
        assertThat(ids(auditor.get("/console/handoffs?agency=baotou-tax&direction=SENT"))).containsExactly("baotou-tax-h-l-baotou");
    }

    @Test
    @Order(2)
    void searchFindsDocumentNumbersPartyAndSuspectNamesInChinese() throws Exception {
        assertThat(ids(liaison.get("/console/handoffs?q=" + encode("呼市监移〔2026〕18号")))).containsExactly("hohhot-amr-h-l-tax");
        assertThat(ids(liaison.get("/console/handoffs?q=" + encode("〔2026〕19")))).containsExactly("hohhot-amr-h-l-drug");
        assertThat(ids(liaison.get("/console/handoffs?q=" + encode("赛罕区某药店")))).containsExactly("hohhot-amr-h-l-drug");
        assertThat(ids(liaison.get("/console/handoffs?q=" + encode("李四")))).as("a suspect of the investigation report")
                .containsExactly("hohhot-amr-h-l-tax");
        assertThat(ids(liaison.get("/console/handoffs?q=" + encode("H-L-FOOD")))).as("case-insensitive").containsExactly("hohhot-amr-h-l-food");
        assertThat(ids(liaison.get("/console/handoffs?q=" + encode("有限公司")))).as("never a Baotou company")
                .containsExactly("hohhot-amr-h-l-food");
        assertThat(ids(auditor.get("/console/handoffs?q=" + encode("有限公司")))).containsExactlyInAnyOrder("hohhot-amr-h-l-food", "baotou-tax-h-l-baotou");
        assertThat(ids(liaison.get("/console/handoffs?q=" + encode("包税移")))).isEmpty();
        assertThat(ids(liaison.get("/console/handoffs?q=" + encode("100% a_b")))).as("no pattern characters").isEmpty();
    }

    @Test
    @Order(3)
    void theListSortsAndPages() throws Exception {
        assertThat(ids(liaison.get("/console/handoffs?sort=id"))).containsExactly("hohhot-amr-h-l-drug", "hohhot-amr-h-l-food", "hohhot-amr-h-l-tax");
        assertThat(ids(liaison.get("/console/handoffs?sort=-id"))).containsExactly("hohhot-amr-h-l-tax", "hohhot-amr-h-l-food", "hohhot-amr-h-l-drug");
        assertThat(ids(liaison.get("/console/handoffs?sort=-activity"))).as("the last receipt came last")
                .containsExactly("hohhot-amr-h-l-food", "hohhot-amr-h-l-tax", "hohhot-amr-h-l-drug");
        assertThat(ids(liaison.get("/console/handoffs?sort=opened"))).containsExactly("hohhot-amr-h-l-food", "hohhot-amr-h-l-tax", "hohhot-amr-h-l-drug");
        assertThat(ids(liaison.get("/console/handoffs?sort=state"))).containsExactly("hohhot-amr-h-l-tax", "hohhot-amr-h-l-food", "hohhot-amr-h-l-drug");

        HttpResponse<String> first = liaison.get("/console/handoffs?sort=id&size=2");
        assertThat(ids(first)).containsExactly("hohhot-amr-h-l-drug", "hohhot-amr-h-l-food");
        assertThat(total(first)).isEqualTo(3);
        assertThat(first.body()).contains("id=\"next-page\"").doesNotContain("id=\"prev-page\"");
        String next = href(first.body(), "next-page");
        HttpResponse<String> second = liaison.get(next);
        assertThat(ids(second)).containsExactly("hohhot-amr-h-l-tax");
        assertThat(second.body()).contains("id=\"prev-page\"").doesNotContain("id=\"next-page\"");

        // a sort header keeps the filters and turns the order around on a second click
        HttpResponse<String> byId = liaison.get("/console/handoffs?state=RECEIVED&sort=id");
        assertThat(byId.body()).contains("href=\"/console/handoffs?state=RECEIVED&amp;sort=-id&amp;page=1\"");
        assertThat(liaison.get("/console/handoffs/rows?sort=-id").body().strip()).startsWith("<tbody")
                .contains("data-handoff-id=\"hohhot-amr-h-l-tax\"", "hx-swap-oob=\"true\"");
    }

    @Test
    @Order(4)
    void theCsvHoldsEveryMatchInOrderAndNothingOutsideTheScope() throws Exception {
        HttpResponse<String> csv = liaison.get("/console/handoffs.csv?sort=id&size=1&lang=en");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        List<String> lines = Arrays.asList(csv.body().split("\r\n"));
        assertThat(lines.getFirst()).startsWith("\uFEFFHandoff,Document numbers,Case numbers,Parties,Agencies,Type,Direction,State");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("hohhot-amr-h-l-drug,呼市监移〔2026〕19号,,赛罕区某药店,").contains(",Referral,Sent,Submitted,On track,");
        assertThat(lines.get(2)).startsWith("hohhot-amr-h-l-food,");
        assertThat(lines.get(3)).startsWith("hohhot-amr-h-l-tax,");

        HttpResponse<String> chinese = liaison.get("/console/handoffs.csv?q=" + encode("有限公司") + "&lang=zh");
        assertThat(chinese.body()).contains("移送编号", "hohhot-amr-h-l-food", "已接收").doesNotContain("baotou-tax-h-l-baotou", "包头");
        // a crafted query for another region's agency finds nothing: the scope decides, not the filter
        assertThat(liaison.get("/console/handoffs.csv?agency=baotou-tax").body().split("\r\n")).hasSize(1);
        assertThat(ids(liaison.get("/console/handoffs?agency=baotou-tax"))).isEmpty();
        assertThat(ids(liaison.get("/console/handoffs/rows?agency=baotou-psb&direction=RECEIVED"))).isEmpty();
    }

    @Test
    @Order(5)
    void whatCannotBeReadIsA400PageThatSaysWhy() throws Exception {
        for (String bad : List.of("sort=bogus", "state=NOPE", "level=RED", "direction=UP", "type=LETTER", "from=2026-13-01",
                "page=0", "page=x", "size=500", "from=2026-11-20&to=2026-11-01", "agency=" + encode("<script>"),
                "q=" + "x".repeat(101))) {
            for (String path : List.of("/console/handoffs?", "/console/handoffs/rows?", "/console/handoffs.csv?")) {
                HttpResponse<String> refused = liaison.get(path + bad);
                assertThat(refused.statusCode()).as(path + bad).isEqualTo(400);
                assertThat(refused.body()).as(path + bad).contains("id=\"filter-error\"").doesNotContain("<script>");
            }
        }
        HttpResponse<String> direction = auditor.get("/console/handoffs?direction=SENT");
        assertThat(direction.statusCode()).isEqualTo(400);
        assertThat(direction.body()).contains("direction is seen from an agency");
    }

    @Test
    @Order(6)
    void theReadModelFollowsTransitionsAndFiredWarningsAndAnnouncesEachChange() throws Exception {
        drainNotices();
        ObjectNode decision = Messages.reply("decision-register", "hohhot-amr-h-l-food", "hohhot-psb-h-l-food-decision", "hohhot-psb-h-l-food-receipt");
        ((ObjectNode) decision.get("payload").get("decision")).put("decidedAt",
                SENT_AT.format(OffsetDateTime.now(BEIJING).truncatedTo(ChronoUnit.SECONDS).minusMinutes(5)));
        submit(new AgencyRest("hohhot-psb", gateway.baseUrl()), decision);
        assertThat(notices()).contains("hohhot-amr-h-l-food");
        assertThat(ids(liaison.get("/console/handoffs?state=REGISTERED"))).containsExactly("hohhot-amr-h-l-food");
        assertThat(ids(liaison.get("/console/handoffs?q=" + encode("0931")))).as("the case number of the decision")
                .containsExactly("hohhot-amr-h-l-food");
        assertThat(ids(liaison.get("/console/handoffs?level=HALF"))).isEmpty();

        // 13 hours on, the 24-hour clocks the receipt of hohhot-amr-h-l-tax started are past half their time
        clock.advance(Duration.ofHours(13));
        await().atMost(Duration.ofSeconds(20)).until(() -> ids(liaison.get("/console/handoffs?level=HALF")),
                found -> found.equals(List.of("hohhot-amr-h-l-tax")));
        String row = rowOf(liaison.get("/console/handoffs?sort=id").body(), "hohhot-amr-h-l-tax");
        assertThat(row).contains("class=\"level level-HALF\" data-level=\"HALF\"", "<time datetime=\"");
        assertThat(notices()).contains("hohhot-amr-h-l-tax");
        assertThat(ids(liaison.get("/console/handoffs?level=NONE"))).containsExactlyInAnyOrder("hohhot-amr-h-l-food", "hohhot-amr-h-l-drug");
        assertThat(ids(liaison.get("/console/handoffs?sort=-level"))).startsWith("hohhot-amr-h-l-tax");
    }

    /**
     * The rows kept as messages arrived (search terms from the decoded messages, merged) equal
     * the rebuild from the source tables and every message's JSON.
     */
    @Test
    @Order(7)
    void theRowsKeptByIntakeEqualARebuildFromTheSources() {
        JdbcClient jdbc = gateway.context().getBean(JdbcClient.class);
        String rows = "SELECT handoff_id, to_jsonb(t) - 'updated_at' AS doc FROM handoff_track t ORDER BY handoff_id";
        List<String> kept = jdbc.sql(rows).query((rs, n) -> rs.getString("doc")).list();
        assertThat(kept).hasSize(4);
        assertThat(kept.toString()).contains("0931", "呼市监移〔2026〕18号", "张三", "李四");
        int rebuilt = jdbc.sql("SELECT count(casebridge_track_handoff(handoff_id)) FROM handoff").query(Integer.class).single();
        assertThat(rebuilt).isEqualTo(4);
        assertThat(jdbc.sql(rows).query((rs, n) -> rs.getString("doc")).list()).isEqualTo(kept);
    }

    private ObjectNode referral(String handoffId, String documentNumber, String party, String suspect) {
        ObjectNode message = Messages.withoutAttachments(Messages.referral(handoffId, handoffId + "-transfer"));
        ObjectNode referral = (ObjectNode) message.get("payload").get("referral");
        ObjectNode letter = (ObjectNode) referral.get("transferLetter");
        letter.put("documentNumber", documentNumber);
        ((ObjectNode) letter.get("parties").get(0)).put("name", party);
        ((ObjectNode) referral.get("investigationReport").get("suspects").get(0)).put("name", suspect);
        return message;
    }

    private static void submit(AgencyRest agency, ObjectNode message) {
        AgencyRest.Response response = agency.submit(message);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private void drainNotices() throws Exception {
        notices();
    }

    /** The handoff ids announced on casebridge_handoff since the last call. */
    private List<String> notices() throws Exception {
        try (var statement = listener.createStatement()) {
            statement.execute("SELECT 1");
        }
        PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(500);
        List<String> ids = new ArrayList<>();
        if (received != null) {
            for (PGNotification notification : received) {
                ids.add(notification.getParameter());
            }
        }
        return ids;
    }

    private static List<String> ids(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Matcher m = ROW.matcher(page.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static int total(HttpResponse<String> page) {
        Matcher m = TOTAL.matcher(page.body());
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String href(String body, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\" href=\"([^\"]+)\"").matcher(body);
        assertThat(m.find()).as(id).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    private static String rowOf(String body, String handoffId) {
        int start = body.indexOf("<tr data-handoff-id=\"" + handoffId + "\">");
        assertThat(start).isNotNegative();
        return body.substring(start, body.indexOf("</tr>", start));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
