package org.casebridge.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two gateway nodes on one database both try to seal every few milliseconds while entries are
 * written on both, in transactions that stay open for random times and so commit out of entry_id
 * order: there is still one chain, every entry in it exactly once, seq without gaps.
 */
class TwoNodeAuditChainTest {

    private static final int WRITERS = 8;
    private static final int ENTRIES_PER_WRITER = 60;

    @TempDir
    Path work;

    @Test
    void twoNodesSealOneChainAndSkipNoEntryThatCommitsLate() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        // The second node reads another agency file: its start records the change.
        Path otherAgencies = TestAgencies.pull(java.nio.file.Files.createDirectories(work.resolve("other")),
                "hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-psb");
        Map<String, Object> fast = Map.of("casebridge.audit.seal-interval", "20ms", "casebridge.audit.checkpoint-interval", "150ms",
                "casebridge.audit.seal-batch", "7");
        try (RunningGateway first = RunningGateway.start(work.resolve("node-1"), agencies, with(fast, Map.of("casebridge.node", "node-1")))) {
            int port = first.context().getBean(EmbeddedPostgres.class).getPort();
            try (RunningGateway second = RunningGateway.start(work.resolve("node-2"), otherAgencies, with(fast, Map.of(
                    "casebridge.node", "node-2",
                    "spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    "spring.datasource.username", "postgres",
                    "casebridge.signing.keystore", work.resolve("node-1/keys/signing.p12").toString())))) {
                AgencyRest amr = new AgencyRest("hohhot-amr", first.baseUrl());
                AgencyRest police = new AgencyRest("hohhot-psb", second.baseUrl());
                assertThat(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-two-chain", "hohhot-amr-m-two-chain"))).status()).isEqualTo(201);

                ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    RunningGateway node = w % 2 == 0 ? first : second;
                    int writer = w;
                    done.add(writers.submit(() -> write(node, writer)));
                }
                JsonNode delivery = await().atMost(Duration.ofSeconds(20))
                        .until(() -> police.inbox().json().get("deliveries"), d -> d.size() == 1).get(0);
                police.acknowledge(delivery.get("dispatchId").asString());
                for (Future<?> future : done) {
                    future.get();
                }
                writers.shutdown();

                JdbcClient database = first.context().getBean(JdbcClient.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> database.sql("""
                        SELECT count(*) FROM audit_entry e WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_id = e.entry_id)""")
                        .query(Long.class).single() == 0);
                long entries = database.sql("SELECT count(*) FROM audit_entry").query(Long.class).single();
                assertThat(entries).isGreaterThan(WRITERS * ENTRIES_PER_WRITER);
                assertThat(database.sql("SELECT count(*) FROM audit_chain").query(Long.class).single()).isEqualTo(entries);
                assertThat(database.sql("SELECT count(DISTINCT entry_id) FROM audit_chain").query(Long.class).single()).isEqualTo(entries);
                assertThat(database.sql("SELECT min(seq) = 1 AND max(seq) = count(*) FROM audit_chain").query(Boolean.class).single()).isTrue();
                // Late commits were linked after later ids: the chain is not in entry_id order, and that is what was tested.
                long outOfOrder = database.sql("""
                        SELECT count(*) FROM audit_chain a JOIN audit_chain b ON b.seq = a.seq + 1 WHERE b.entry_id < a.entry_id""")
                        .query(Long.class).single();
                long watermark = database.sql("SELECT watermark FROM audit_seal").query(Long.class).single();
                System.out.printf("two nodes: %d entries, %d links, %d linked after a higher entry id, watermark %d%n",
                        entries, entries, outOfOrder, watermark);
                assertThat(watermark).isPositive();
                lateCommitIsLinkedAfterLaterIds(first, second, database);

                await().atMost(Duration.ofSeconds(10)).until(() -> database.sql(
                        "SELECT (SELECT max(seq) FROM audit_checkpoint) = (SELECT max(seq) FROM audit_chain)").query(Boolean.class).single());
                JsonNode changed = AgencyRest.JSON.readTree(database.sql(
                        "SELECT details FROM audit_entry WHERE kind = 'CONFIGURATION_CHANGED' AND target = 'configuration:agencies'")
                        .query(String.class).single());
                assertThat(changed.get("old").asString()).isEqualTo(AuditDetails.sha256(java.nio.file.Files.readAllBytes(agencies)));
                assertThat(changed.get("new").asString()).isEqualTo(AuditDetails.sha256(java.nio.file.Files.readAllBytes(otherAgencies)));
                assertThat(database.sql("SELECT count(*) FROM audit_entry WHERE kind = 'CONFIGURATION_CHANGED'").query(Integer.class).single())
                        .as("rule sets and calendars are the same on both nodes").isEqualTo(1);

                VerificationReport report = second.context().getBean(ChainVerifier.class).verify();
                assertThat(report.intact()).as(report.toString()).isTrue();
                assertThat(report.links()).isEqualTo(database.sql("SELECT count(*) FROM audit_entry").query(Long.class).single());
                assertThat(report.unsealedEntries()).isZero();
                List<String> signers = database.sql("SELECT DISTINCT convert_from(decode(translate(split_part(jws, '.', 2), '-_', '+/') "
                        + "|| repeat('=', (4 - length(split_part(jws, '.', 2)) % 4) % 4), 'base64'), 'UTF8')::jsonb ->> 'gateway' FROM audit_checkpoint")
                        .query(String.class).list();
                System.out.printf("two nodes: %d checkpoints, signed by %s%n", report.checkpoints(), signers);
            }
        }
    }

    /**
     * An entry whose transaction stays open while a later entry commits and is linked on the other
     * node: the watermark waits below it, and it is linked when it commits, after the later one.
     */
    private static void lateCommitIsLinkedAfterLaterIds(RunningGateway first, RunningGateway second, JdbcClient database)
            throws Exception {
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        long[] lateEntry = new long[1];
        Future<?> late = executor.submit(() -> first.context().getBean(TransactionTemplate.class).executeWithoutResult(status -> {
            first.context().getBean(AuditLog.class).append(AuditKind.ACCESS, "late", "test:late", null, AuditDetails.of());
            // The log writes its entries just before the commit; this runs after that, so the entry
            // has its id while the transaction stays open.
            afterEntriesAreWritten(() -> {
                lateEntry[0] = first.context().getBean(JdbcClient.class)
                        .sql("SELECT entry_id FROM audit_entry WHERE target = 'test:late'").query(Long.class).single();
                appended.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }));
        try {
            appended.await();
            second.context().getBean(TransactionTemplate.class).executeWithoutResult(status -> second.context().getBean(AuditLog.class)
                    .append(AuditKind.ACCESS, "early", "test:after-late", null, AuditDetails.of()));
            long afterId = database.sql("SELECT entry_id FROM audit_entry WHERE target = 'test:after-late'").query(Long.class).single();
            await().atMost(Duration.ofSeconds(20)).until(() -> linked(database, afterId) != null);
            Thread.sleep(500); // several more sealing runs while the early entry is still open
            assertThat(database.sql("SELECT count(*) FROM audit_entry WHERE target = 'test:late'").query(Long.class).single()).isZero();
            long watermark = database.sql("SELECT watermark FROM audit_seal").query(Long.class).single();
            release.countDown();
            late.get();
            long lateId = lateEntry[0];
            assertThat(lateId).isLessThan(afterId);
            assertThat(watermark).as("the watermark waits below an id whose transaction is open").isLessThan(lateId);
            await().atMost(Duration.ofSeconds(20)).until(() -> linked(database, lateId) != null);
            assertThat(linked(database, lateId)).isGreaterThan(linked(database, afterId));
            System.out.printf("two nodes: entry %d committed late and was linked at seq %d, after entry %d at seq %d%n",
                    lateId, linked(database, lateId), afterId, linked(database, afterId));
        } finally {
            release.countDown();
            executor.shutdown();
        }
    }

    private static Long linked(JdbcClient database, long entryId) {
        return database.sql("SELECT seq FROM audit_chain WHERE entry_id = ?").param(entryId).query(Long.class).optional().orElse(null);
    }

    /** Entries in transactions that stay open a random while, so that they commit out of id order. */
    private static void write(RunningGateway node, int writer) {
        AuditLog log = node.context().getBean(AuditLog.class);
        TransactionTemplate transactions = node.context().getBean(TransactionTemplate.class);
        for (int i = 0; i < ENTRIES_PER_WRITER; i++) {
            int n = i;
            transactions.executeWithoutResult(status -> {
                log.append(AuditKind.ACCESS, "writer-" + writer, "test:" + writer + "-" + n, null, AuditDetails.of().with("n", n));
                afterEntriesAreWritten(() -> sleep(ThreadLocalRandom.current().nextInt(0, 25)));
            });
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> with(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    /** Runs just before the commit, after the audit log has written the transaction's entries (registered after them). */
    private static void afterEntriesAreWritten(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                action.run();
            }
        });
    }
}
