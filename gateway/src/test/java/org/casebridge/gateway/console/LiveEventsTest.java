package org.casebridge.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.casebridge.gateway.clocks.WarningFired;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.ConsoleHttp;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.gateway.tracking.HandoffChange;
import org.casebridge.gateway.tracking.HandoffChanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The change feed across two gateway nodes on one database, and the event stream browsers read:
 * a notice committed through one node reaches the viewers connected to the other, only when its
 * transaction commits, and only for the handoffs each viewer may read.
 */
class LiveEventsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path work;

    @Test
    void noticesCrossNodesOnCommitAndReachOnlyTheViewersWhoMayReadTheHandoff() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-tax", "baotou-psb",
                "baotou-procuratorate");
        try (RunningGateway first = RunningGateway.start(work.resolve("node-1"), agencies, Map.of("casebridge.node", "node-1"))) {
            int port = first.context().getBean(EmbeddedPostgres.class).getPort();
            try (RunningGateway second = RunningGateway.start(work.resolve("node-2"), agencies, Map.of(
                    "casebridge.node", "node-2",
                    "casebridge.console.live.heartbeat", "1s",
                    "spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    "spring.datasource.username", "postgres",
                    "casebridge.signing.keystore", work.resolve("node-1/keys/signing.p12").toString()))) {
                JdbcClient database = first.context().getBean(JdbcClient.class);
                HandoffChanges feed = second.context().getBean(HandoffChanges.class);
                await().atMost(PATIENCE).until(feed::listening);

                // Java level: node 1 commits, node 2's subscribers hear it; a rollback is never heard.
                BlockingQueue<HandoffChange> heard = new LinkedBlockingQueue<>();
                try (AutoCloseable subscription = feed.subscribe(heard::add)) {
                    database.sql("SELECT pg_notify('casebridge_handoff', 'h-any')").query((rs, n) -> 1).list();
                    assertThat(heard.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new HandoffChange.Changed("h-any"));

                    TransactionTemplate transactions = first.context().getBean(TransactionTemplate.class);
                    Instant firedAt = Instant.parse("2026-11-21T02:00:00Z");
                    transactions.executeWithoutResult(status -> {
                        first.context().publishEvent(new WarningFired("w-rolled-back", "h-any", "acceptance-review", "DUE", "hohhot-psb",
                                firedAt, firedAt));
                        status.setRollbackOnly();
                    });
                    transactions.executeWithoutResult(status -> first.context().publishEvent(
                            new WarningFired("w-committed", "h-any", "acceptance-review", "HALF", "hohhot-psb", firedAt, firedAt)));
                    // The read model's own notice for h-any may come along; the rolled-back warning never does.
                    HandoffChange next = heard.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    while (next instanceof HandoffChange.Changed) {
                        next = heard.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    }
                    assertThat(next).as("the committed warning, and not the rolled-back one first")
                            .isEqualTo(new HandoffChange.WarningFired("h-any", "HALF", "acceptance-review", "w-committed", firedAt));

                    // The database drops the feed's connections (as in a failover): each node reconnects and hears again.
                    int dropped = database.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE application_name = 'casebridge-change-feed'").query(Integer.class).single();
                    assertThat(dropped).as("one feed connection per node").isEqualTo(2);
                    heard.clear();
                    HandoffChange afterOutage = null;
                    for (int attempt = 0; attempt < 30 && afterOutage == null; attempt++) {
                        notifyHandoff(database, "h-after-outage");
                        afterOutage = heard.poll(500, TimeUnit.MILLISECONDS);
                    }
                    assertThat(afterOutage).isEqualTo(new HandoffChange.Changed("h-after-outage"));
                }

                AgencyRest amr = new AgencyRest("hohhot-amr", first.baseUrl());
                assertThat(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-live-own", "hohhot-amr-m-live-own"))).status()).isEqualTo(201);
                ObjectNode other = Messages.withoutAttachments(Messages.referral("baotou-tax-h-live-other", "baotou-tax-m-live-other"));
                ((ObjectNode) other.get("sender")).put("agency", "baotou-tax");
                ((ObjectNode) other.get("recipient")).put("agency", "baotou-psb");
                other.putArray("copyTo").addObject().put("agency", "baotou-procuratorate");
                assertThat(new AgencyRest("baotou-tax", first.baseUrl()).submit(other).status()).isEqualTo(201);

                // Browser level: the liaison officer of hohhot-amr, connected to node 2.
                ConsoleHttp liaison = ConsoleHttp.signIn(second.baseUrl(), "liaison", "liaison");
                try (ConsoleHttp.EventStream all = liaison.events("/console/events");
                        ConsoleHttp.EventStream one = liaison.events("/console/events?handoff=hohhot-amr-h-live-own")) {
                    assertThat(all.status()).isEqualTo(200);
                    assertThat(all.contentType()).startsWith("text/event-stream");
                    assertThat(one.status()).isEqualTo(200);
                    LiveEvents live = second.context().getBean(LiveEvents.class);
                    await().atMost(PATIENCE).until(() -> live.connected() == 2);

                    // The other agencies' case first: had it leaked, it would arrive before the own one.
                    notifyHandoff(database, "baotou-tax-h-live-other");
                    notifyHandoff(database, "h-never-existed");
                    notifyHandoff(database, "hohhot-amr-h-live-own");
                    assertThat(until(all, new ConsoleHttp.Event("handoff-changed", "hohhot-amr-h-live-own")::equals))
                            .noneMatch(event -> event.data().contains("baotou-tax-h-live-other") || event.data().contains("h-never-existed"));
                    assertThat(until(one, new ConsoleHttp.Event("handoff-changed", "hohhot-amr-h-live-own")::equals))
                            .allMatch(event -> event.data().contains("hohhot-amr-h-live-own"));

                    Instant firedAt = Instant.parse("2026-11-21T02:00:00Z");
                    TransactionTemplate transactions = first.context().getBean(TransactionTemplate.class);
                    for (String handoff : new String[] {"baotou-tax-h-live-other", "hohhot-amr-h-live-own"}) {
                        transactions.executeWithoutResult(status -> first.context().publishEvent(new WarningFired("w-" + handoff, handoff,
                                "acceptance-review", "OVERDUE", "hohhot-psb", firedAt, firedAt)));
                    }
                    List<ConsoleHttp.Event> events = until(all, event -> event.name().equals("warning-fired"));
                    assertThat(events).noneMatch(event -> event.data().contains("baotou-tax-h-live-other"));
                    ConsoleHttp.Event warning = events.getLast();
                    assertThat(warning.data()).startsWith("<li class=\"notice-item\"")
                            .contains("data-handoff-id=\"hohhot-amr-h-live-own\"", "data-warning-level=\"OVERDUE\"", "已超期",
                                    "href=\"/console/handoffs/hohhot-amr-h-live-own\"", "<time datetime=\"2026-11-21T02:00:00Z\"")
                            .doesNotContain("baotou-tax-h-live-other");
                    assertThat(until(one, event -> event.name().equals("warning-fired")).getLast().data())
                            .contains("data-handoff-id=\"hohhot-amr-h-live-own\"");
                }

                // In English when the viewer chose English before connecting.
                assertThat(liaison.get("/console?lang=en").statusCode()).isBetween(200, 399);
                try (ConsoleHttp.EventStream english = liaison.events("/console/events")) {
                    LiveEvents live = second.context().getBean(LiveEvents.class);
                    await().atMost(PATIENCE).until(() -> live.connected() == 1);
                    first.context().getBean(TransactionTemplate.class).executeWithoutResult(status -> first.context().publishEvent(
                            new WarningFired("w-en", "hohhot-amr-h-live-own", "acceptance-review", "HALF", "hohhot-psb", Instant.now(), Instant.now())));
                    assertThat(until(english, event -> event.name().equals("warning-fired")).getLast().data())
                            .contains("Half the time used").doesNotContain("期限过半");
                }

                // A handoff the viewer may not read is not found, exactly as an unknown one; bad input is refused.
                assertThat(liaison.get("/console/events?handoff=baotou-tax-h-live-other").statusCode()).isEqualTo(404);
                assertThat(liaison.get("/console/events?handoff=h-never-existed").statusCode()).isEqualTo(404);
                assertThat(liaison.get("/console/events?handoff=%20").statusCode()).isEqualTo(400);
                assertThat(liaison.get("/console/events?handoff=" + "x".repeat(201)).statusCode()).isEqualTo(400);
                ConsoleHttp operator = ConsoleHttp.signIn(second.baseUrl(), "operator", "operator");
                assertThat(operator.get("/console/events").statusCode()).isEqualTo(403);

                // An auditor reads every case, and hears of the other agencies' one too.
                ConsoleHttp auditor = ConsoleHttp.signIn(first.baseUrl(), "auditor", "auditor");
                try (ConsoleHttp.EventStream all = auditor.events("/console/events")) {
                    LiveEvents live = first.context().getBean(LiveEvents.class);
                    await().atMost(PATIENCE).until(() -> live.connected() == 1);
                    notifyHandoff(database, "baotou-tax-h-live-other");
                    assertThat(until(all, new ConsoleHttp.Event("handoff-changed", "baotou-tax-h-live-other")::equals)).isNotEmpty();
                }
            }
        }
    }

    /**
     * The events up to and including the first that matches. The gateway sends notices of its own
     * too (the read model's, as deliveries move), so a test looks for its event among them.
     */
    private static List<ConsoleHttp.Event> until(ConsoleHttp.EventStream stream, Predicate<ConsoleHttp.Event> wanted)
            throws InterruptedException {
        List<ConsoleHttp.Event> events = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            ConsoleHttp.Event event = stream.next(Duration.ofMillis(200));
            if (event != null) {
                events.add(event);
                if (wanted.test(event)) {
                    return events;
                }
            }
        }
        throw new AssertionError("no matching event within " + PATIENCE + "; got " + events);
    }

    private static void notifyHandoff(JdbcClient database, String handoffId) {
        database.sql("SELECT pg_notify('casebridge_handoff', ?)").param(handoffId).query((rs, n) -> 1).list();
    }
}
