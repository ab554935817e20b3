package org.casebridge.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.GatewayKeys;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Transfers submitted at once over HTTP to a gateway with one recording transaction at a time,
 * so that they queue and share transactions: each still gets its own signed receipt, and each is
 * stored, audited, routed and tracked in full. Two transfers racing for one handoff id share a
 * transaction too: one is accepted, the other refused with HANDOFF_EXISTS and nothing of it kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakeGroupCommitTest {

    private static final int TRANSFERS = 40;

    private RunningGateway gateway;
    private JdbcClient database;
    private ExecutorService senders;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        gateway = RunningGateway.start(work.resolve("data"),
                TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate"),
                Map.of("casebridge.group-commit.transactions", "1", "casebridge.group-commit.max-batch", "16"));
        database = gateway.context().getBean(JdbcClient.class);
        senders = Executors.newFixedThreadPool(TRANSFERS);
    }

    @AfterAll
    void stop() {
        if (senders != null) {
            senders.shutdownNow();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void concurrentTransfersShareTransactionsAndEachIsKeptInFullOrNotAtAll() {
        AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
        amr.token();
        int round = 0;
        int largestTransaction = 0;
        // Queueing depends on timing; a few rounds make a shared transaction certain in practice.
        while (largestTransaction < 2 && round < 5) {
            round++;
            submitRound(amr, "r" + round);
            largestTransaction = database.sql("""
                            SELECT coalesce(max(n), 0) FROM (
                                SELECT count(*) AS n FROM message WHERE message_id LIKE ? GROUP BY xmin::text) t""")
                    .param("hohhot-amr-gc-r" + round + "-%").query(Integer.class).single();
        }
        assertThat(largestTransaction).as("messages recorded by one transaction").isBetween(2, 16);
        System.out.printf("group commit: round %d, largest transaction %d messages%n", round, largestTransaction);
    }

    private void submitRound(AgencyRest amr, String round) {
        List<CompletableFuture<AgencyRest.Response>> sent = new ArrayList<>();
        for (int i = 0; i < TRANSFERS; i++) {
            // the last two race for one handoff id
            String handoff = "hohhot-amr-gc-" + round + "-h" + Math.min(i, TRANSFERS - 2);
            ObjectNode transfer = Messages.withoutAttachments(Messages.referral(handoff, "hohhot-amr-gc-" + round + "-m" + i));
            ((ObjectNode) transfer.get("payload").get("referral").get("transferLetter"))
                    .put("documentNumber", "呼市监移〔2026〕" + round + "-" + i + "号");
            sent.add(CompletableFuture.supplyAsync(() -> amr.submit(transfer), senders));
        }
        List<AgencyRest.Response> responses = sent.stream().map(CompletableFuture::join).toList();

        for (int i = 0; i < TRANSFERS - 2; i++) {
            assertThat(responses.get(i).status()).as(responses.get(i).toString()).isEqualTo(201);
            assertKept(round, i);
        }
        AgencyRest.Response first = responses.get(TRANSFERS - 2);
        AgencyRest.Response second = responses.get(TRANSFERS - 1);
        assertThat(List.of(first.status(), second.status())).as(first + " / " + second).containsExactlyInAnyOrder(201, 409);
        int winner = first.status() == 201 ? TRANSFERS - 2 : TRANSFERS - 1;
        AgencyRest.Response refused = first.status() == 201 ? second : first;
        assertThat(refused.json().path("code").asString()).isEqualTo("HANDOFF_EXISTS");
        assertKept(round, winner);
        assertNothingOf(round, TRANSFERS - 2 + TRANSFERS - 1 - winner);

        GatewayKeys keys = GatewayKeys.of(amr, gateway.baseUrl());
        for (int i : new int[] {0, TRANSFERS / 2, winner}) {
            keys.verifyJson(responses.get(i).body(), "receipt").requireValid();
            assertThat(responses.get(i).json().path("receipt").path("messageId").asString()).isEqualTo("hohhot-amr-gc-" + round + "-m" + i);
        }
    }

    /** Stored, audited once, routed to the police and the procuratorate, its receipt kept, its handoff tracked. */
    private void assertKept(String round, int i) {
        String messageId = "hohhot-amr-gc-" + round + "-m" + i;
        assertThat(count("SELECT count(*) FROM message WHERE message_id = ?", messageId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_entry WHERE kind = 'MESSAGE_ACCEPTED' AND target = ?", "message:" + messageId))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dispatch WHERE message_id = ? AND kind = 'MESSAGE'", messageId)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM receipt WHERE message_id = ? AND kind = 'TRANSPORT'", messageId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM handoff_event WHERE message_id = ? AND event = 'SUBMITTED'", messageId)).isEqualTo(1);
        assertThat(count("""
                        SELECT count(*) FROM handoff_track t JOIN message m ON m.handoff_id = t.handoff_id
                        WHERE m.message_id = ? AND t.state = 'SUBMITTED' AND t.document_numbers = ARRAY[CAST(? AS text)]""",
                messageId, "呼市监移〔2026〕" + round + "-" + i + "号")).isEqualTo(1);
    }

    private void assertNothingOf(String round, int i) {
        String messageId = "hohhot-amr-gc-" + round + "-m" + i;
        for (String query : List.of("SELECT count(*) FROM message WHERE message_id = ?",
                "SELECT count(*) FROM dispatch WHERE message_id = ?",
                "SELECT count(*) FROM receipt WHERE message_id = ?",
                "SELECT count(*) FROM handoff_event WHERE message_id = ?")) {
            assertThat(count(query, messageId)).as(query).isZero();
        }
        assertThat(count("SELECT count(*) FROM audit_entry WHERE target = ?", "message:" + messageId)).isZero();
        assertThat(count("SELECT count(*) FROM handoff_track WHERE CAST(? AS text) = ANY (document_numbers)",
                "呼市监移〔2026〕" + round + "-" + i + "号")).isZero();
    }

    private int count(String sql, Object... params) {
        return database.sql(sql).params(params).query(Integer.class).single();
    }
}
