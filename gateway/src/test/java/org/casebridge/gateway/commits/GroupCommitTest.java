package org.casebridge.gateway.commits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit on a real PostgreSQL: what queues while a transaction runs is recorded in one
 * transaction, every caller gets its own outcome, and a unit that fails (in Java or in the
 * database) fails alone, leaving nothing behind while the others commit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitTest {

    private static final int CALLERS = 12;

    private EmbeddedPostgres postgres;
    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private TransactionTemplate transactions;
    private ExecutorService callers;

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(config);
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        jdbc.sql("CREATE TABLE recorded (id text PRIMARY KEY, xact bigint NOT NULL)").update();
        callers = Executors.newFixedThreadPool(CALLERS + 1);
    }

    @AfterAll
    void stop() throws Exception {
        callers.shutdownNow();
        dataSource.close();
        postgres.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("TRUNCATE recorded").update();
    }

    @Test
    void whatQueuesWhileATransactionRunsCommitsInOneTransaction() throws Exception {
        GroupCommit commits = new GroupCommit(transactions, 1, 64);
        List<CompletableFuture<Long>> queued = queueBehindABlockedLeader(commits, i -> record("q" + i));

        List<Long> transactionsUsed = queued.stream().map(CompletableFuture::join).toList();
        assertThat(transactionsUsed).as("one transaction for all that queued").containsOnly(transactionsUsed.getFirst());
        assertThat(count()).isEqualTo(CALLERS + 1);
        assertThat(jdbc.sql("SELECT count(DISTINCT xact) FROM recorded WHERE id LIKE 'q%'").query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void aUnitThatThrowsFailsAloneAndTheOthersCommit() throws Exception {
        GroupCommit commits = new GroupCommit(transactions, 1, 64);
        List<CompletableFuture<Long>> queued = queueBehindABlockedLeader(commits, i -> () -> {
            long xact = record("q" + i).get();
            if (i == 5) {
                throw new IllegalStateException("unit 5 refuses after writing");
            }
            return xact;
        });

        assertThat(queued.get(5)).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .havingRootCause().isInstanceOf(IllegalStateException.class).withMessage("unit 5 refuses after writing");
        assertThat(exists("q5")).as("nothing of the failed unit").isFalse();
        for (int i = 0; i < CALLERS; i++) {
            if (i != 5) {
                assertThat(queued.get(i).join()).isPositive();
                assertThat(exists("q" + i)).isTrue();
            }
        }
        assertThat(count()).isEqualTo(CALLERS);
    }

    @Test
    void aUnitTheDatabaseRefusesFailsAloneAndTheOthersCommit() throws Exception {
        jdbc.sql("INSERT INTO recorded VALUES ('taken', 0)").update();
        GroupCommit commits = new GroupCommit(transactions, 1, 64);
        // unit 3 breaks the shared transaction at the database (a duplicate key aborts it there)
        List<CompletableFuture<Long>> queued = queueBehindABlockedLeader(commits, i -> record(i == 3 ? "taken" : "q" + i));

        assertThat(queued.get(3)).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .havingRootCause().isInstanceOf(org.postgresql.util.PSQLException.class);
        assertThatThrownBy(() -> queued.get(3).join()).hasCauseInstanceOf(DuplicateKeyException.class);
        for (int i = 0; i < CALLERS; i++) {
            if (i != 3) {
                assertThat(exists("q" + i)).isTrue();
            }
        }
        assertThat(count()).isEqualTo(CALLERS + 1);
    }

    @Test
    void aBatchTakesNoMoreThanItsLimit() throws Exception {
        GroupCommit commits = new GroupCommit(transactions, 1, 5);
        List<CompletableFuture<Long>> queued = queueBehindABlockedLeader(commits, i -> record("q" + i));

        queued.forEach(CompletableFuture::join);
        List<Integer> sizes = jdbc.sql("SELECT count(*) FROM recorded WHERE id LIKE 'q%' GROUP BY xact ORDER BY 1 DESC")
                .query(Integer.class).list();
        assertThat(sizes).as("units per transaction").containsExactly(5, 5, 2);
    }

    @Test
    void aCallerInATransactionRecordsInItsOwn() {
        GroupCommit commits = new GroupCommit(transactions, 1, 64);
        long[] xacts = transactions.execute(status -> new long[] {currentTransaction(), commits.inTransaction(record("inner"))});
        assertThat(xacts[1]).isEqualTo(xacts[0]);
    }

    @Test
    void aCallerAloneIsRecordedAtOnce() {
        GroupCommit commits = new GroupCommit(transactions, 2, 64);
        long first = commits.inTransaction(record("a"));
        long second = commits.inTransaction(record("b"));
        assertThat(second).isNotEqualTo(first);
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void nonsensicalLimitsAreRefused() {
        assertThatThrownBy(() -> new GroupCommit(transactions, 0, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupCommit(transactions, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * One caller takes the only transaction and holds it until CALLERS others have queued behind
     * it; they then go to the next leader together.
     */
    private List<CompletableFuture<Long>> queueBehindABlockedLeader(GroupCommit commits,
            IntFunction<Supplier<Long>> unit) throws Exception {
        CountDownLatch leaderInside = new CountDownLatch(1);
        CompletableFuture<Long> leader = CompletableFuture.supplyAsync(() -> commits.inTransaction(() -> {
            long xact = record("leader").get();
            leaderInside.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (commits.waiting() < CALLERS && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return xact;
        }), callers);
        assertThat(leaderInside.await(30, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Supplier<Long> work = unit.apply(i);
            queued.add(CompletableFuture.supplyAsync(() -> commits.inTransaction(work), callers));
            // queued, or (the last one) already taken by the next leader
            while (commits.waiting() < i + 1 && !queued.getLast().isDone()) {
                Thread.sleep(1);
            }
        }
        assertThat(leader.get(30, TimeUnit.SECONDS)).isPositive();
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        return queued;
    }

    private Supplier<Long> record(String id) {
        return () -> {
            long xact = currentTransaction();
            jdbc.sql("INSERT INTO recorded VALUES (?, ?)").params(id, xact).update();
            return xact;
        };
    }

    private long currentTransaction() {
        return jdbc.sql("SELECT pg_current_xact_id()::text::bigint").query(Long.class).single();
    }

    private boolean exists(String id) {
        return jdbc.sql("SELECT count(*) FROM recorded WHERE id = ?").param(id).query(Integer.class).single() == 1;
    }

    private int count() {
        return jdbc.sql("SELECT count(*) FROM recorded").query(Integer.class).single();
    }
}
