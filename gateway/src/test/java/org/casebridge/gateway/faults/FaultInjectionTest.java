package org.casebridge.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.GatewayKeys;
import org.casebridge.gateway.support.Messages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.FileSystemUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever fails, no case is lost, duplicated or silently altered: two gateway processes on one
 * PostgreSQL and one standalone Artemis take a load of transfers over real HTTP with real tokens
 * while a node is killed with SIGKILL, the broker is stopped, or the database is restarted. The
 * load generator retries every failed submission, same messageId, on the other node; the recipients
 * (pull over REST, push to a webhook) record every arrival by dispatch id. The end state is
 * judged from what the agencies got, and cross-checked in the database.
 *
 * <p>Load: {@code -Dcasebridge.faults.messages=5000} (transfers per scenario; the default keeps
 * the suite within a few minutes).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    static final int MESSAGES = Integer.getInteger("casebridge.faults.messages", 300);
    static final int THREADS = 6;
    static final Duration SETTLE = Duration.ofMinutes(3);
    static final Path REPORTS = Path.of("target", "fault-injection");

    /** Under target, not a temporary folder: the nodes' and the broker's logs stay for a post-mortem. */
    static final Path WORK = REPORTS.resolve("work");

    static FaultRig rig;
    static JWKSet keys;
    static GatewayKeys publishedKeys;

    @BeforeAll
    static void startDeployment() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        rig = FaultRig.start(WORK.toAbsolutePath(), FaultInjectionTest::policeAnswers);
        String jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rig.node1.baseUrl()
                + "/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.ofString()).body();
        keys = JWKSet.parse(jwks);
        publishedKeys = GatewayKeys.of(null, rig.node2.baseUrl());
    }

    @AfterAll
    static void stopDeployment() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void killMinusNineOfOneGatewayLosesAndDuplicatesNothing() throws Exception {
        run("kill-9", MESSAGES, notes -> {
            long pid = rig.node2.pid();
            rig.node2.kill();
            notes.add("node-2 (pid " + pid + ") killed with SIGKILL at a third of the load");
            rig.node2.start();
            notes.add("node-2 restarted (pid " + rig.node2.pid() + ")");
        });
    }

    @Test
    @Order(2)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void brokerStoppedAndRestartedDuringTheLoad() throws Exception {
        run("broker-restart", MESSAGES / 2, notes -> {
            rig.broker.stop();
            notes.add("broker stopped at a third of the load");
            Submitter.sleep(3000);
            rig.broker.start();
            notes.add("broker started again on the same journal");
        });
    }

    @Test
    @Order(3)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void postgresRestartedDuringTheLoad() throws Exception {
        run("postgres-restart", MESSAGES / 2, notes -> {
            rig.postgres.stop();
            notes.add("PostgreSQL stopped at a third of the load");
            Submitter.sleep(3000);
            rig.postgres.start();
            notes.add("PostgreSQL started again on the same data");
        });
    }

    private void run(String scenario, int transfers, java.util.function.Consumer<List<String>> fault) throws Exception {
        Ledger ledger = new Ledger("f-" + scenario + "-");
        rig.use(ledger);
        List<String[]> load = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            load.add(transfer(ledger.prefix() + i, i % 2 == 0));
        }
        Instant begin = Instant.now();
        ExecutorService senders = Executors.newFixedThreadPool(THREADS);
        List<String> faultNotes = java.util.Collections.synchronizedList(new ArrayList<>());
                CompletableFuture<Void> injected = CompletableFuture.runAsync(() -> {
            while (ledger.acceptedCount() < transfers / 3) {
                Submitter.sleep(20);
            }
            fault.accept(faultNotes);
        });
        for (int i = 0; i < load.size(); i++) {
            String[] message = load.get(i);
            int node = i % 2;
            senders.submit(() -> rig.submitter.submit(message[0], message[1], message[2], node));
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(10, TimeUnit.MINUTES)).as("the load finished").isTrue();
        injected.get(5, TimeUnit.MINUTES);

        // Settled: every expected delivery arrived (or the time is up), then a moment for late repeats.
        Instant deadline = Instant.now().plus(SETTLE);
        Outcome outcome;
        while (true) {
            outcome = new Outcome(scenario, ledger, keys, Duration.between(begin, Instant.now()));
            boolean allAccepted = outcome.accepted + outcome.refused >= transfers + hohhot(transfers);
            if ((outcome.lost.isEmpty() && allAccepted && rig.followUpsIdle()) || Instant.now().isAfter(deadline)) {
                break;
            }
            Submitter.sleep(500);
        }
        Duration wall = Duration.between(begin, Instant.now());
        Submitter.sleep(2000);
        outcome = new Outcome(scenario, ledger, keys, wall);
        outcome.notes.addAll(faultNotes);
        List<Map.Entry<String, Ledger.Accepted>> sample = ledger.accepted().entrySet().stream().limit(8).toList();
        for (Map.Entry<String, Ledger.Accepted> entry : sample) {
            publishedKeys.verifyJson(entry.getValue().body(), "receipt").requireValid();
            outcome.joseSample++;
        }
        DatabaseCheck database = DatabaseCheck.of(rig.postgres, ledger);
        outcome.notes.add(database.summary());
        outcome.write(REPORTS);

        assertThat(outcome.refused).as("submissions the gateway never accepted").isZero();
        assertThat(outcome.accepted).as("accepted transfers and police receipts").isEqualTo(transfers + hohhot(transfers));
        assertThat(outcome.lost).as("lost").isEmpty();
        assertThat(outcome.duplicated).as("duplicated in effect").isEmpty();
        assertThat(outcome.altered).as("altered").isEmpty();
        assertThat(outcome.unexpected).as("misrouted").isEmpty();
        assertThat(outcome.outOfOrder).as("out of order within a handoff").isEmpty();
        assertThat(outcome.badReceipts).as("transport receipts that do not verify").isEmpty();
        assertThat(outcome.receiptsVerified).isEqualTo(outcome.accepted);
        assertThat(outcome.delivered).isEqualTo(outcome.expected);
        database.assertConsistent(transfers);
    }

    /** Even-numbered transfers are Hohhot's. */
    static int hohhot(int transfers) {
        return (transfers + 1) / 2;
    }

    /** {agency, messageId, json}: Hohhot transfers go to a pull police, Baotou ones to push agencies. */
    private static String[] transfer(String scenarioId, boolean hohhot) {
        String handoffId = (hohhot ? "hohhot-amr-" : "baotou-tax-") + scenarioId;
        ObjectNode message = Messages.withoutAttachments(Messages.referral(handoffId, handoffId + "-t"));
        if (!hohhot) {
            ((ObjectNode) message.path("sender")).put("agency", "baotou-tax");
            ((ObjectNode) message.path("recipient")).put("agency", "baotou-psb");
            ((ObjectNode) message.path("copyTo").get(0)).put("agency", "baotou-procuratorate");
        }
        return new String[] {hohhot ? "hohhot-amr" : "baotou-tax", handoffId + "-t", AgencyRest.JSON.writeValueAsString(message)};
    }

    /** The Hohhot police answer each transfer they acknowledged with a receipt (to a push agency). */
    private static void policeAnswers(Ledger.Arrival arrival) {
        if (!arrival.kind().equals("MESSAGE") || !arrival.messageType().equals("REFERRAL_SUBMIT")) {
            return;
        }
        String replyId = "hohhot-psb-" + arrival.handoffId() + "-r";
        ObjectNode reply = Messages.withoutAttachments(Messages.reply("receipt", arrival.handoffId(), replyId, arrival.messageId()));
        rig.submitter.submit("hohhot-psb", replyId, AgencyRest.JSON.writeValueAsString(reply), (int) (arrival.order() % 2));
    }

    /** The gateway's own records of the scenario, after the fact. */
    record DatabaseCheck(int messages, int outbox, int notSettled, int baotouReceipts, int baotouReceiptsDistinct,
            int baotouAcknowledged, String prefix) {

        static DatabaseCheck of(ExternalPostgres postgres, Ledger ledger) {
            JdbcClient db = JdbcClient.create(postgres.dataSource());
            String like = "%-" + ledger.prefix() + "%";
            return new DatabaseCheck(
                    db.sql("SELECT count(*) FROM message WHERE handoff_id LIKE ?").param(like).query(Integer.class).single(),
                    db.sql("SELECT count(*) FROM outbox WHERE handoff_id LIKE ?").param(like).query(Integer.class).single(),
                    db.sql("""
                            SELECT count(*) FROM dispatch WHERE handoff_id LIKE ?
                              AND (state = 'QUEUED' OR (state = 'AVAILABLE' AND recipient_agency <> 'baotou-tax'))""")
                            .param(like).query(Integer.class).single(),
                    db.sql("SELECT count(*) FROM dispatch WHERE kind = 'DELIVERY_RECEIPT' AND recipient_agency = 'baotou-tax' AND handoff_id LIKE ?")
                            .param(like).query(Integer.class).single(),
                    db.sql("""
                            SELECT count(DISTINCT r.dispatch_id) FROM dispatch d JOIN receipt r ON r.receipt_id = d.document_id
                            WHERE d.kind = 'DELIVERY_RECEIPT' AND d.recipient_agency = 'baotou-tax' AND d.handoff_id LIKE ?""")
                            .param(like).query(Integer.class).single(),
                    db.sql("""
                            SELECT count(*) FROM dispatch d JOIN message m ON m.message_id = d.message_id
                            WHERE d.kind = 'MESSAGE' AND m.sender_agency = 'baotou-tax' AND d.state = 'ACKNOWLEDGED' AND d.handoff_id LIKE ?""")
                            .param(like).query(Integer.class).single(),
                    ledger.prefix());
        }

        String summary() {
            return "database: " + messages + " messages, outbox " + outbox + ", unsettled dispatches " + notSettled
                    + ", Baotou delivery receipts " + baotouReceipts + " for " + baotouReceiptsDistinct + " of "
                    + baotouAcknowledged + " acknowledged dispatches";
        }

        void assertConsistent(int transfers) {
            assertThat(messages).as("messages stored").isEqualTo(transfers + hohhot(transfers));
            assertThat(outbox).as("outbox left").isZero();
            assertThat(notSettled).as("dispatches neither acknowledged nor waiting in an uncollected inbox").isZero();
            assertThat(baotouAcknowledged).as("Baotou transfers acknowledged by both push agencies")
                    .isEqualTo(2 * (transfers - hohhot(transfers)));
            assertThat(baotouReceipts).as("one delivery receipt per acknowledgement").isEqualTo(baotouAcknowledged);
            assertThat(baotouReceiptsDistinct).isEqualTo(baotouAcknowledged);
        }
    }
}
