package org.casebridge.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.casebridge.gateway.support.ConsoleHttp;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * The handoff page against a real gateway: agency systems send over HTTP, people sign in through
 * the realm and act with the page's forms. Each test plays its own handoff from the Hohhot
 * regulator (liaison) to the Hohhot police (police), copied to the Hohhot procuratorate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandoffPageTest {

    private static final String AMR = "hohhot-amr";
    private static final String PSB = "hohhot-psb";
    private static final String PROCURATORATE = "hohhot-procuratorate";

    private Path work;
    private RunningGateway gateway;
    private JdbcClient database;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("handoff-page");
        gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, AMR, PSB, PROCURATORATE));
        database = gateway.context().getBean(JdbcClient.class);
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void policeAcknowledgeTheTransferAndThePageShowsTimelineClocksAttachmentsAndSignaturesCheckedLive() throws Exception {
        String handoff = "hohhot-amr-h-page-show";
        Path file = work.resolve("inspection.pdf");
        Files.write(file, new byte[3 * 1024 + 512]);
        String sha = AgencyRest.sha256Hex(file);
        AgencyRest amr = new AgencyRest(AMR, gateway.baseUrl());
        assertThat(amr.upload(file, "application/pdf").status()).isEqualTo(201);
        ObjectNode transfer = Messages.withAttachment(Messages.referral(handoff, "hohhot-amr-m-show-transfer"), "检验报告.pdf",
                "application/pdf", Files.size(file), sha);
        assertThat(amr.submit(transfer).status()).isEqualTo(201);
        awaitAvailable("hohhot-amr-m-show-transfer", PSB);

        ConsoleHttp police = ConsoleHttp.signIn(gateway.baseUrl(), "police", "police");
        String page = police.get(path(handoff)).body();
        assertThat(Html.byId(page, "action-acknowledge")).as("a transfer waits in the police's inbox").isPresent();
        assertThat(Html.byId(page, "action-decide-register")).as("not before the police signed their receipt").isEmpty();

        HttpResponse<String> acknowledged = act(police, handoff, "acknowledge", Map.of("dispatch", dispatchOf("hohhot-amr-m-show-transfer", PSB)));
        assertThat(acknowledged.statusCode()).isEqualTo(302);
        HttpResponse<String> after = police.follow(acknowledged);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(Html.byId(after.body(), "action-result").orElseThrow().attr("data-outcome")).isEqualTo("done");
        assertThat(state(after.body())).isEqualTo("DELIVERED");
        assertThat(database.sql("SELECT acknowledged_by FROM dispatch WHERE dispatch_id = ?").param(dispatchOf("hohhot-amr-m-show-transfer", PSB))
                .query(String.class).single()).isEqualTo("police");
        assertThat(auditActors(handoff, "DISPATCH_ACKNOWLEDGED")).containsExactly("police");

        receipt(handoff, "hohhot-psb-m-show-receipt", "hohhot-amr-m-show-transfer");
        String received = police.get(path(handoff)).body();
        assertThat(state(received)).isEqualTo("RECEIVED");
        List<String> kinds = Html.tags(received).stream().filter(t -> t.name().equals("li") && t.attr("data-kind") != null)
                .map(t -> t.attr("data-kind")).distinct().toList();
        assertThat(kinds).containsExactlyInAnyOrder("message", "receipt", "event");
        assertThat(received).contains("hohhot-amr-m-show-transfer", "hohhot-psb-m-show-receipt", "police", "检验报告.pdf", sha, "3.5 KB", "application/pdf");
        List<Html.Tag> clockRows = Html.tags(received).stream().filter(t -> t.name().equals("tr") && t.attr("data-clock") != null).toList();
        assertThat(clockRows).as("the receipt starts the statutory clocks").isNotEmpty();
        assertThat(Html.withClass(received, "level")).allSatisfy(level -> assertThat(level.attr("data-level")).isEqualTo("NONE"));
        assertThat(Html.withClass(received, "due")).hasSameSizeAs(clockRows);
        List<String> remaining = Html.withClass(received, "remaining").stream().map(t -> Html.textAfter(received, t)).toList();
        assertThat(remaining).as("running clocks show the time left, stopped ones a dash")
                .allSatisfy(left -> assertThat(left).matches("\\d+天\\d+小时|\\d+小时\\d+分钟|\\d+分钟|—"))
                .anySatisfy(left -> assertThat(left).contains("天"));
        assertThat(police.get(path(handoff) + "?lang=en").body()).contains("Timeline", "Legal deadlines", " d ");

        Html.Tag live = Html.byId(received, "handoff-live").orElseThrow();
        assertThat(live.attr("sse-connect")).isEqualTo("/console/events?handoff=" + handoff);
        assertThat(live.attr("hx-trigger")).contains("sse:handoff-changed");
        String fragment = police.get(live.attr("hx-get")).body();
        assertThat(fragment).doesNotContain("<html").contains("id=\"state\"", "id=\"timeline\"", "id=\"clocks\"");

        Map<String, String> checked = signatures(police, handoff);
        assertThat(checked).containsKeys("sig-event-1", "sig-event-2", "sig-event-3", "sig-message-hohhot-amr-m-show-transfer");
        assertThat(checked.entrySet()).filteredOn(e -> !e.getKey().startsWith("sig-message-"))
                .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo("VALID"));
        assertThat(checked.values()).doesNotContain("INVALID");
        assertThat(Html.withClass(police.get(path(handoff) + "/signatures").body(), "kid")).isNotEmpty();

        // Someone with database access rewrites the record of the first event: the page notices at once.
        database.sql("UPDATE handoff_event SET canonical_json = replace(canonical_json, 'SUBMITTED', 'RECEIVED') WHERE handoff_id = ? AND seq = 1")
                .param(handoff).update();
        // ... and the signature of the second.
        database.sql("""
                        UPDATE handoff_event SET jws = overlay(jws PLACING CASE WHEN substr(jws, length(jws) - 10, 1) = 'A' THEN 'B' ELSE 'A' END
                        FROM length(jws) - 10 FOR 1) WHERE handoff_id = ? AND seq = 2""")
                .param(handoff).update();
        checked = signatures(police, handoff);
        assertThat(checked.get("sig-event-1")).isEqualTo("INVALID");
        assertThat(checked.get("sig-event-2")).isEqualTo("INVALID");
        assertThat(checked.get("sig-event-3")).isEqualTo("VALID");
    }

    @Test
    void policeRequestASupplementOnAReceivedTransferAndTheHandoffMovesOn() throws Exception {
        String handoff = "hohhot-amr-h-page-supplement";
        received(handoff);
        ConsoleHttp police = ConsoleHttp.signIn(gateway.baseUrl(), "police", "police");
        String page = police.get(path(handoff)).body();
        assertThat(Html.byId(page, "action-request-supplement")).isPresent();
        assertThat(Html.byId(page, "action-decide-register")).isPresent();
        assertThat(Html.byId(page, "action-decide-refuse")).isPresent();
        assertThat(Html.byId(page, "action-escalate")).as("the police do not escalate").isEmpty();
        assertThat(Html.byId(page, "action-acknowledge")).isEmpty();

        HttpResponse<String> missing = act(police, handoff, "request-supplement", Map.of("missingItems", "  "));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("id=\"action-result\"", "请至少填写一项缺少的材料");

        HttpResponse<String> sent = act(police, handoff, "request-supplement", Map.of("missingItems", "检验机构资质证明\n涉案物品照片"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        String after = police.follow(sent).body();
        assertThat(state(after)).isEqualTo("DEFICIENT");
        assertThat(Html.byId(after, "action-result").orElseThrow().attr("data-outcome")).isEqualTo("done");
        assertThat(Html.byId(after, "action-decide-register")).as("no decision while materials are missing").isEmpty();
        assertThat(after).as("the timeline ends in the new state").contains("class=\"to\" data-state=\"DEFICIENT\">待补正材料<");
        assertThat(auditActors(handoff, "MESSAGE_ACCEPTED")).containsExactly("hohhot-amr", "hohhot-psb", "police");
        assertThat(database.sql("SELECT actor FROM handoff_event WHERE handoff_id = ? AND event = 'DEFICIENT'").param(handoff)
                .query(String.class).single()).isEqualTo("police");
        String notice = database.sql("SELECT canonical_json FROM message WHERE handoff_id = ? AND type = 'DEFICIENCY_NOTICE'")
                .param(handoff).query(String.class).single();
        assertThat(notice).contains("检验机构资质证明", "涉案物品照片", "\"agency\":\"hohhot-psb\"", "\"agency\":\"hohhot-amr\"");
    }

    @Test
    void policeRegisterTheCaseWithItsNumber() throws Exception {
        String handoff = "hohhot-amr-h-page-register";
        received(handoff);
        ConsoleHttp police = ConsoleHttp.signIn(gateway.baseUrl(), "police", "police");
        HttpResponse<String> sent = act(police, handoff, "decide-register", Map.of("caseNumber", "呼公经立字〔2026〕1001号"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        String after = police.follow(sent).body();
        assertThat(state(after)).isEqualTo("REGISTERED");
        assertThat(after).contains("REGISTERED");
        String decision = database.sql("SELECT canonical_json FROM message WHERE handoff_id = ? AND type = 'DECISION'")
                .param(handoff).query(String.class).single();
        assertThat(decision).contains("呼公经立字〔2026〕1001号", "\"outcome\":\"REGISTER\"", "hohhot-procuratorate");
    }

    @Test
    void theTransferringAgencyCannotDecideNeitherByButtonNorByACraftedRequest() throws Exception {
        String handoff = "hohhot-amr-h-page-not-yours";
        received(handoff);
        ConsoleHttp liaison = ConsoleHttp.signIn(gateway.baseUrl(), "liaison", "liaison");
        String page = liaison.get(path(handoff)).body();
        assertThat(page).contains("id=\"handoff-id\"");
        assertThat(Html.byId(page, "action-decide-register")).isEmpty();
        assertThat(Html.byId(page, "action-decide-refuse")).isEmpty();
        assertThat(Html.byId(page, "action-request-supplement")).isEmpty();
        assertThat(Html.byId(page, "action-acknowledge")).as("the police's receipt waits in the regulator's inbox").isPresent();

        HttpResponse<String> crafted = act(liaison, handoff, "decide-register", Map.of("caseNumber", "伪造〔2026〕1号"));
        assertThat(crafted.statusCode()).isEqualTo(403);
        Html.Tag result = Html.byId(crafted.body(), "action-result").orElseThrow();
        assertThat(result.attr("data-outcome")).isEqualTo("refused");
        assertThat(result.attr("data-reason")).isEqualTo("TYPE_NOT_ALLOWED");
        assertThat(crafted.body()).contains("a DECISION goes from [POLICE]");
        assertThat(lifecycleState(handoff)).isEqualTo("RECEIVED");
        assertThat(database.sql("SELECT count(*) FROM message WHERE handoff_id = ? AND type = 'DECISION'").param(handoff)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void afterARefusalTheTransferringAgencyEscalatesToTheProsecutor() throws Exception {
        String handoff = "hohhot-amr-h-page-escalate";
        received(handoff);
        ConsoleHttp police = ConsoleHttp.signIn(gateway.baseUrl(), "police", "police");
        HttpResponse<String> refused = act(police, handoff, "decide-refuse", Map.of("reasons", "现有证据不足以证明涉案金额达到追诉标准。"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(302);
        assertThat(lifecycleState(handoff)).isEqualTo("REFUSED");

        ConsoleHttp liaison = ConsoleHttp.signIn(gateway.baseUrl(), "liaison", "liaison");
        String page = liaison.get(path(handoff)).body();
        assertThat(Html.byId(page, "action-escalate")).isPresent();
        HttpResponse<String> escalated = act(liaison, handoff, "escalate", Map.of("reasons", "认为不予立案决定不当，建议立案监督。"));
        assertThat(escalated.statusCode()).as(escalated.body()).isEqualTo(302);
        String after = liaison.follow(escalated).body();
        assertThat(state(after)).isEqualTo("SUPERVISION");
        assertThat(Html.byId(after, "action-escalate")).isEmpty();
        String request = database.sql("SELECT canonical_json FROM message WHERE handoff_id = ? AND type = 'SUPERVISION_REQUEST'")
                .param(handoff).query(String.class).single();
        assertThat(request).contains("\"recipient\":{\"agency\":\"hohhot-procuratorate\"}", "\"sender\":{\"agency\":\"hohhot-amr\"}");
        assertThat(database.sql("SELECT actor FROM handoff_event WHERE handoff_id = ? AND event = 'SUPERVISION'").param(handoff)
                .query(String.class).single()).isEqualTo("liaison");

        // Sent again from the page left open before: the handoff has moved on, and the page says so.
        HttpResponse<String> again = act(liaison, handoff, "escalate", Map.of("reasons", "再次提请。"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Html.byId(again.body(), "action-result").orElseThrow().attr("data-reason")).isEqualTo("ILLEGAL_TRANSITION");
    }

    @Test
    void auditorsReadWithoutActingAndOperatorsSeeNoCase() throws Exception {
        String handoff = "hohhot-amr-h-page-readers";
        received(handoff);
        ConsoleHttp auditor = ConsoleHttp.signIn(gateway.baseUrl(), "auditor", "auditor");
        HttpResponse<String> page = auditor.get(path(handoff));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"timeline\"");
        assertThat(Html.byId(page.body(), "actions")).isEmpty();
        HttpResponse<String> crafted = act(auditor, handoff, "decide-refuse", Map.of("reasons", "x"));
        assertThat(crafted.statusCode()).isEqualTo(403);
        assertThat(Html.byId(crafted.body(), "action-result").orElseThrow().attr("data-reason")).isEqualTo("FORBIDDEN");
        assertThat(lifecycleState(handoff)).isEqualTo("RECEIVED");

        ConsoleHttp operator = ConsoleHttp.signIn(gateway.baseUrl(), "operator", "operator");
        HttpResponse<String> hidden = operator.get(path(handoff));
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).contains("id=\"handoff-missing\"").doesNotContain("hohhot-psb");
        assertThat(operator.get(path(handoff) + "/signatures").statusCode()).isEqualTo(404);
        assertThat(auditor.get(path("h-page-nowhere")).statusCode()).isEqualTo(404);
        assertThat(auditor.get(path(handoff) + "/actions/decide-refuse").statusCode()).isEqualTo(405);
        assertThat(database.sql("SELECT count(*) FROM audit_event WHERE actor = 'operator' AND action = 'READ_HANDOFF' AND outcome = 'DENIED' AND target = ?")
                .param("handoff:" + handoff).query(Integer.class).single()).isEqualTo(2);
    }

    /** A transfer the police collected and signed their receipt for. */
    private void received(String handoff) {
        String transferId = AMR + "-m-transfer-" + handoff;
        AgencyRest amr = new AgencyRest(AMR, gateway.baseUrl());
        assertThat(amr.submit(Messages.withoutAttachments(Messages.referral(handoff, transferId))).status()).isEqualTo(201);
        awaitAvailable(transferId, PSB);
        assertThat(new AgencyRest(PSB, gateway.baseUrl()).acknowledge(dispatchOf(transferId, PSB)).status()).isEqualTo(200);
        receipt(handoff, PSB + "-m-receipt-" + handoff, transferId);
        assertThat(lifecycleState(handoff)).isEqualTo("RECEIVED");
    }

    private void receipt(String handoff, String messageId, String transferId) {
        ObjectNode receipt = Messages.reply("receipt", handoff, messageId, transferId);
        ((ObjectNode) receipt.get("payload").get("receipt")).put("receivedAt", receipt.get("sentAt").asString());
        AgencyRest.Response response = new AgencyRest(PSB, gateway.baseUrl()).submit(receipt);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private void awaitAvailable(String messageId, String recipient) {
        await().atMost(Duration.ofSeconds(30)).until(() -> database.sql(
                        "SELECT count(*) FROM dispatch WHERE message_id = ? AND recipient_agency = ? AND kind = 'MESSAGE' AND state = 'AVAILABLE'")
                .params(messageId, recipient).query(Integer.class).single() == 1);
    }

    private String dispatchOf(String messageId, String recipient) {
        return database.sql("SELECT dispatch_id FROM dispatch WHERE message_id = ? AND recipient_agency = ? AND kind = 'MESSAGE'")
                .params(messageId, recipient).query(String.class).single();
    }

    private String lifecycleState(String handoff) {
        return database.sql("SELECT state FROM handoff_lifecycle WHERE handoff_id = ?").param(handoff).query(String.class).single();
    }

    private List<String> auditActors(String handoff, String kind) {
        return database.sql("SELECT actor FROM audit_entry WHERE handoff_id = ? AND kind = ? ORDER BY entry_id")
                .params(handoff, kind).query(String.class).list();
    }

    private static HttpResponse<String> act(ConsoleHttp person, String handoff, String action, Map<String, String> fields)
            throws Exception {
        return person.post(path(handoff), path(handoff) + "/actions/" + action, fields);
    }

    /** The signature badges as the page's htmx request swaps them in: id to status. */
    private static Map<String, String> signatures(ConsoleHttp person, String handoff) throws Exception {
        HttpResponse<String> fragment = person.get(path(handoff) + "/signatures");
        assertThat(fragment.statusCode()).isEqualTo(200);
        return Html.withClass(fragment.body(), "signature").stream()
                .peek(t -> assertThat(t.attr("hx-swap-oob")).isEqualTo("true"))
                .collect(Collectors.toMap(t -> t.attr("id"), t -> t.attr("data-status")));
    }

    private static String state(String page) {
        return Html.byId(page, "state").orElseThrow().attr("data-state");
    }

    private static String path(String handoff) {
        return "/console/handoffs/" + handoff;
    }
}
