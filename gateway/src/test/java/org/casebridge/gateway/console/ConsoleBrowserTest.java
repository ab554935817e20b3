package org.casebridge.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Browser;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console in a real browser (Debian Chromium, headless), against one gateway whose clock the
 * test moves: people sign in through the realm's login page, filter the list, open a handoff, act
 * on it, and watch a deadline warning arrive without reloading. Screenshots of the list, the
 * handoff page and the dashboard are left in target/screenshots. The browser runs in New York,
 * the gateway in UTC and the cases in Beijing, so times on screen must be the viewer's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final String VIEWER_ZONE = "America/New_York";
    private static final String RECEIVED = "hohhot-amr-h-browser-received";
    private static final String WATCHED = "hohhot-amr-h-browser-watched";
    private static final String SUBMITTED = "hohhot-amr-h-browser-submitted";
    private static final String ELSEWHERE = "baotou-tax-h-browser-baotou";
    /** The party of the submitted handoff alone, for the search. */
    private static final String DISTINCT_PARTY = "赛罕区某肉制品加工厂";

    @TempDir
    static Path work;

    private static final AdjustableClock clock = new AdjustableClock();
    private static RunningGateway gateway;
    private static JdbcClient database;

    @BeforeAll
    static void gatewayWithCases() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-tax", "baotou-psb",
                "baotou-procuratorate");
        gateway = RunningGateway.start(work.resolve("data"), agencies, Map.of("casebridge.clocks.scan-interval", "200ms"), clock);
        database = gateway.context().getBean(JdbcClient.class);
        AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
        AgencyRest police = new AgencyRest("hohhot-psb", gateway.baseUrl());

        submit(amr, transfer(RECEIVED, "呼市监移〔2026〕21号", "呼和浩特某食品有限公司"));
        submit(amr, transfer(WATCHED, "呼市监移〔2026〕22号", "呼和浩特某乳品有限公司"));
        submit(amr, transfer(SUBMITTED, "呼市监移〔2026〕99号", DISTINCT_PARTY));
        ObjectNode elsewhere = transfer(ELSEWHERE, "包税移〔2026〕3号", "包头某商贸有限公司");
        ((ObjectNode) elsewhere.get("sender")).put("agency", "baotou-tax");
        ((ObjectNode) elsewhere.get("recipient")).put("agency", "baotou-psb");
        elsewhere.putArray("copyTo").addObject().put("agency", "baotou-procuratorate");
        submit(new AgencyRest("baotou-tax", gateway.baseUrl()), elsewhere);

        // The police system takes both transfers from its inbox and signs receipts: their clocks start.
        JsonNode deliveries = await().atMost(Duration.ofSeconds(20))
                .until(() -> police.inbox().json().get("deliveries"), d -> d.size() == 3);
        for (JsonNode delivery : deliveries) {
            police.acknowledge(delivery.get("dispatchId").asString());
        }
        for (String handoff : List.of(RECEIVED, WATCHED)) {
            submit(police, Messages.withoutAttachments(Messages.reply("receipt", handoff, "hohhot-psb-" + handoff + "-receipt", handoff + "-transfer")));
        }
        // The agency's system pulls the police receipts: handing them over, the gateway seals them.
        await().atMost(Duration.ofSeconds(20)).until(() -> amr.inbox().json().get("deliveries"),
                d -> d.valueStream().filter(e -> e.get("kind").asString().equals("MESSAGE")).count() == 2);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void theLiaisonOfficerFiltersTheListSearchesAndOpensAHandoff() {
        try (Browser browser = Browser.open(VIEWER_ZONE)) {
            browser.signIn(gateway.baseUrl(), "liaison", "liaison");
            browser.get(gateway.baseUrl() + "/console/handoffs");
            browser.waitFor("table#handoffs");
            browser.waitFor(d -> rowIds(browser).containsAll(List.of(RECEIVED, WATCHED, SUBMITTED)));
            assertThat(rowIds(browser)).as("another region's case is not listed").doesNotContain(ELSEWHERE);
            assertThat(browser.find("#live-notices").getAttribute("sse-connect")).isEqualTo("/console/events");

            choose(browser, "state", "RECEIVED");
            browser.find("#apply-filters").click();
            browser.waitFor(d -> rowIds(browser).size() == 2 && browser.find("#total").getText().strip().equals("2"));
            assertThat(rowIds(browser)).containsExactlyInAnyOrder(RECEIVED, WATCHED);
            assertThat(browser.findAll("table#handoffs tr[data-handoff-id] td.state")).allSatisfy(
                    state -> assertThat(state.getText()).isNotBlank());
            assertThat(browser.find("a#export-csv").getAttribute("href")).contains("/console/handoffs.csv").contains("state=RECEIVED");
            browser.screenshot("handoff-list");

            choose(browser, "state", "");
            WebElement search = browser.find("form#filters [name=q]");
            search.clear();
            search.sendKeys(DISTINCT_PARTY);
            browser.find("#apply-filters").click();
            browser.waitFor(d -> rowIds(browser).equals(List.of(SUBMITTED)));

            browser.find("tr[data-handoff-id='" + SUBMITTED + "'] a.open-handoff").click();
            browser.waitFor(d -> browser.findAll("#handoff-id").stream().anyMatch(e -> e.getText().contains(SUBMITTED)));
            assertThat(browser.findAll("ol#timeline li[data-kind=message]")).isNotEmpty();
            // Signatures are checked against the gateway's keys after the page loads.
            browser.waitFor(d -> browser.findAll("ol#timeline li[data-kind=message] .signature").stream()
                    .allMatch(signature -> "VALID".equals(signature.getAttribute("data-status"))));
            assertTimesInViewerZone(browser);
            browser.screenshot("handoff-page");
        }
    }

    @Test
    @Order(2)
    void thePoliceRequestASupplementAndTheStateAndTimelineFollow() {
        try (Browser browser = Browser.open(VIEWER_ZONE)) {
            browser.signIn(gateway.baseUrl(), "police", "police");
            browser.get(gateway.baseUrl() + "/console/handoffs/" + RECEIVED);
            String stateBefore = browser.waitFor("#state").getText();
            int timelineBefore = browser.findAll("ol#timeline li").size();
            assertThat(browser.findAll("table#clocks tr[data-clock]")).as("the receipt started a clock").isNotEmpty();

            act(browser, "#action-request-supplement", "检验机构资质证明复印件\n涉案物品照片");
            browser.waitFor("#action-result");
            browser.waitFor(d -> !browser.find("#state").getText().equals(stateBefore)
                    && browser.findAll("ol#timeline li").size() > timelineBefore);
            browser.screenshot("handoff-after-action");
        }
    }

    @Test
    @Order(3)
    void aWarningAppearsLiveThenLabelsSwitchToEnglishAndTheDashboardCountsIt() {
        try (Browser browser = Browser.open(VIEWER_ZONE)) {
            browser.signIn(gateway.baseUrl(), "police", "police");
            browser.get(gateway.baseUrl() + "/console/handoffs/" + WATCHED);
            browser.waitFor("table#clocks tr[data-clock] span.level[data-level=NONE]");
            browser.waitFor(d -> !browser.findAll("#live-notices").isEmpty());
            // The page must not reload: a mark on the window survives only if it does not.
            browser.script("window.casebridgeUnreloaded = true;");
            awaitEverySignatureValid(browser);
            // From here on, note every badge that shows up still waiting for its check.
            browser.script("""
                    window.casebridgeWaitingBadges = [];
                    const waiting = s => s.matches && s.matches('.signature[data-status=PENDING]');
                    new MutationObserver(records => records.forEach(r => {
                      const seen = r.type === 'attributes' ? [r.target]
                        : [...r.addedNodes].flatMap(n => n.querySelectorAll ? [n, ...n.querySelectorAll('.signature')] : []);
                      seen.filter(waiting).forEach(s => window.casebridgeWaitingBadges.push(s.id));
                    })).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-status']});""");
            awaitEventStreamsOpen(browser);

            Instant firstWarning = database.sql("""
                    SELECT min(w.fire_at) FROM clock_warning w JOIN handoff_clock c ON c.clock_key = w.clock_key
                    WHERE c.handoff_id = ? AND c.stopped_at IS NULL AND w.fired_at IS NULL""")
                    .param(WATCHED).query(Timestamp.class).single().toInstant();
            clock.advance(Duration.between(clock.instant(), firstWarning).plusSeconds(1));

            WebElement notice = browser.waitFor(d -> d.findElements(By.cssSelector(
                    "#live-notices li.notice-item[data-handoff-id='" + WATCHED + "']")).stream().findFirst().orElse(null),
                    Duration.ofSeconds(30));
            assertThat(notice.getAttribute("data-warning-level")).isEqualTo("HALF");
            WebElement firedAt = notice.findElement(By.cssSelector("time[datetime]"));
            browser.waitFor(d -> VIEWER_ZONE.equals(firedAt.getAttribute("data-localized")));
            assertThat(notice.findElement(By.cssSelector("a")).getAttribute("href"))
                    .endsWith("/console/handoffs/" + WATCHED);
            browser.waitFor(d -> !browser.findAll("table#clocks span.level[data-level=HALF]").isEmpty(), Duration.ofSeconds(30));
            assertThat(browser.script("return window.casebridgeUnreloaded === true;")).isEqualTo(true);
            // The refreshed timeline keeps one badge per item, each on its checked status, and arrives
            // checked: a badge left waiting for a second request can be stranded by the next event.
            awaitEverySignatureValid(browser);
            assertThat(browser.script("return window.casebridgeWaitingBadges;")).as("badges shown waiting after the live update")
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
            assertTimesInViewerZone(browser);
            browser.screenshot("handoff-warning");

            // Labels follow the chosen language; times stay in the viewer's zone.
            String chineseNav = browser.find("#nav-handoffs").getText();
            browser.find("#lang-en").click();
            browser.waitFor(d -> "en".equals(browser.find("html").getAttribute("lang")));
            assertThat(browser.find("#nav-handoffs").getText()).isEqualTo("Handoffs").isNotEqualTo(chineseNav);
            assertThat(browser.find("#sign-out").getText()).isEqualTo("Sign out");
            assertThat(browser.find("#viewer-zone").getText()).isEqualTo(VIEWER_ZONE);
            assertTimesInViewerZone(browser);
            browser.find("#lang-zh").click();
            browser.waitFor(d -> "zh-CN".equals(browser.find("html").getAttribute("lang")));

            // The dashboard in the same session: the realm's tokens are checked against the gateway's
            // clock, which this test has moved hours ahead, so a new sign-in would find them expired.
            browser.find("#nav-dashboard").click();
            browser.waitFor("#dashboard");
            for (String figure : List.of("#open-total", "#overdue-total", "#near-due-total", "#on-time-rate", "#corrected-total",
                    "#spot-check-rate")) {
                assertThat(browser.find(figure).getText()).as(figure).isNotBlank();
            }
            assertThat(browser.findAll("svg.chart")).isNotEmpty();
            browser.screenshot("dashboard");
        }
    }

    /**
     * Waits until every event stream of the page is open (EventSource readyState 1, as the htmx SSE
     * extension keeps it on the element), so that no notice is sent before the page listens.
     */
    private static void awaitEventStreamsOpen(Browser browser) {
        browser.waitFor(d -> Boolean.TRUE.equals(browser.script("""
                const streams = [...document.querySelectorAll('[sse-connect]')];
                return streams.length > 0 && streams.every(e => {
                  const data = e['htmx-internal-data'];
                  return data && data.sseEventSource && data.sseEventSource.readyState === 1;
                });""")));
    }

    /** Every timeline item has exactly one signature badge, checked and VALID. */
    private static void awaitEverySignatureValid(Browser browser) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(timelineBadges(browser)).as("timeline items as kind:badge statuses").isNotEmpty()
                        .allSatisfy(item -> assertThat(item).matches("(message|receipt|event):VALID")));
    }

    /**
     * Each timeline item as its kind and the statuses of the signature badges inside it, read in
     * one script so that a live swap cannot leave half-read elements behind.
     */
    @SuppressWarnings("unchecked")
    private static List<String> timelineBadges(Browser browser) {
        return (List<String>) browser.script("""
                return [...document.querySelectorAll('ol#timeline > li')].map(li => li.getAttribute('data-kind') + ':'
                  + [...li.querySelectorAll('.signature')].map(s => s.getAttribute('data-status')).join('+'));""");
    }

    /** Fills the required fields of the action's form, as a person must before the browser lets it go, and sends it. */
    private static void act(Browser browser, String button, String text) {
        WebElement submit = browser.waitFor(button);
        WebElement form = submit.findElement(By.xpath("./ancestor::form"));
        for (WebElement field : form.findElements(By.cssSelector("textarea[required], input[required]:not([type=hidden])"))) {
            if (field.getAttribute("value").isEmpty()) {
                field.sendKeys(text);
            }
        }
        submit.click();
    }

    private static void assertTimesInViewerZone(Browser browser) {
        List<WebElement> times = browser.findAll("time[datetime]");
        assertThat(times).as("times on the page").isNotEmpty();
        WebElement time = times.getFirst();
        browser.waitFor(d -> time.getAttribute("data-localized") != null);
        assertThat(time.getAttribute("data-localized")).isEqualTo(VIEWER_ZONE);
        String shown = time.getText();
        Instant at = java.time.OffsetDateTime.parse(time.getAttribute("datetime")).toInstant();
        String viewerClock = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of(VIEWER_ZONE)).format(at);
        String beijingClock = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Asia/Shanghai")).format(at);
        assertThat(shown).as("the time " + at + " in " + VIEWER_ZONE).contains(viewerClock).doesNotContain(beijingClock);
    }

    private static List<String> rowIds(Browser browser) {
        return browser.findAll("table#handoffs tr[data-handoff-id]").stream().map(row -> row.getAttribute("data-handoff-id")).toList();
    }

    /** Sets a filter field, whether the page made it a select or a text input. */
    private static void choose(Browser browser, String name, String value) {
        WebElement field = browser.find("form#filters [name=" + name + "]");
        if (field.getTagName().equals("select")) {
            new Select(field).selectByValue(value);
        } else {
            field.clear();
            field.sendKeys(value);
        }
    }

    private static ObjectNode transfer(String handoffId, String documentNumber, String party) {
        ObjectNode message = Messages.withoutAttachments(Messages.referral(handoffId, handoffId + "-transfer"));
        ObjectNode letter = (ObjectNode) message.get("payload").get("referral").get("transferLetter");
        letter.put("documentNumber", documentNumber);
        ((ObjectNode) letter.get("parties").get(0)).put("name", party);
        return message;
    }

    private static void submit(AgencyRest agency, JsonNode message) {
        AgencyRest.Response response = agency.submit(message);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }
}
