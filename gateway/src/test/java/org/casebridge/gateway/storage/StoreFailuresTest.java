package org.casebridge.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are the store's (503 STORE_UNAVAILABLE), which a full disk (507 STORAGE_FULL), which neither. */
class StoreFailuresTest {

    private final StoreFailures failures = new StoreFailures(Duration.ofSeconds(30), Duration.ofMinutes(5));

    @ParameterizedTest(name = "SQLSTATE {0} ({2}) -> {1}")
    @CsvSource({
            "08001, STORE_UNAVAILABLE, connection refused",
            "08006, STORE_UNAVAILABLE, connection lost during a statement or a commit",
            "08003, STORE_UNAVAILABLE, connection does not exist",
            "28P01, STORE_UNAVAILABLE, the gateway's password refused",
            "40001, STORE_UNAVAILABLE, serialization failure",
            "40P01, STORE_UNAVAILABLE, deadlock",
            "57P01, STORE_UNAVAILABLE, admin shutdown",
            "57P02, STORE_UNAVAILABLE, crash shutdown",
            "57P03, STORE_UNAVAILABLE, cannot connect now (starting up, recovering)",
            "57014, STORE_UNAVAILABLE, statement timeout",
            "58030, STORE_UNAVAILABLE, I/O error",
            "25006, STORE_UNAVAILABLE, read-only transaction (a standby)",
            "53300, STORE_UNAVAILABLE, too many connections",
            "53200, STORE_UNAVAILABLE, out of memory",
            "55P03, STORE_UNAVAILABLE, lock not available",
            "53100, STORAGE_FULL, disk full: could not extend file",
    })
    void sqlStatesOfTheStore(String sqlState, Reason expected, String meaning) {
        // As the driver reports a server error: severity, SQLSTATE and message fields.
        PSQLException cause = new PSQLException(new ServerErrorMessage("SERROR\u0000C" + sqlState + "\u0000M" + meaning + "\u0000"));
        assertThat(cause.getSQLState()).isEqualTo(sqlState);
        assertThat(StoreFailures.reasonOf(new UncategorizedSQLException("insert", "INSERT ...", cause))).contains(expected);
        assertThat(StoreFailures.reasonOf(cause)).contains(expected);
    }

    @ParameterizedTest(name = "SQLSTATE {0} ({1}) is not a storage failure")
    @CsvSource({
            "23505, unique violation",
            "23503, foreign key violation",
            "23514, check violation",
            "22001, string too long",
            "42P01, undefined table (a defect)",
            "42601, syntax error (a defect)",
            "XX000, internal error",
    })
    void sqlStatesOfTheRequestOrOfADefectAreNotStorageFailures(String sqlState, String meaning) {
        assertThat(StoreFailures.reasonOf(new UncategorizedSQLException("insert", "INSERT ...", new SQLException(meaning, sqlState))))
                .isEmpty();
    }

    @Test
    void theDriverAndThePoolSayItByType() {
        // Hikari gives up waiting for a connection: no SQLSTATE at all.
        assertThat(StoreFailures.reasonOf(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("casebridge - Connection is not available, request timed out after 5000ms"))))
                .contains(Reason.STORE_UNAVAILABLE);
        assertThat(StoreFailures.reasonOf(new CannotCreateTransactionException("Could not open JDBC Connection",
                new RuntimeException("whatever")))).contains(Reason.STORE_UNAVAILABLE);
        assertThat(StoreFailures.reasonOf(new TransactionSystemException("Could not commit JDBC transaction")))
                .contains(Reason.STORE_UNAVAILABLE);
        assertThat(StoreFailures.reasonOf(new RuntimeException(new ConnectException("Connection refused")))).isEmpty();
    }

    @Test
    void aSqlStateOutranksTheExceptionType() {
        // Spring translates a unique violation as a (non-transient) integrity violation: a request's fault.
        assertThat(StoreFailures.reasonOf(new DuplicateKeyException("dup", new SQLException("dup", "23505")))).isEmpty();
        assertThat(StoreFailures.reasonOf(new DataIntegrityViolationException("dup"))).isEmpty();
        // Disk full inside a commit: storage full, not just "the commit failed".
        assertThat(StoreFailures.reasonOf(new TransactionSystemException("Could not commit JDBC transaction",
                new SQLException("could not extend file \"base/5/16384\": No space left on device", "53100"))))
                .contains(Reason.STORAGE_FULL);
    }

    @Test
    void aFullDiskIsStorageFull() {
        assertThat(StoreFailures.reasonOf(new IOException("No space left on device"))).contains(Reason.STORAGE_FULL);
        assertThat(StoreFailures.reasonOf(new FileSystemException("/data/attachments/incoming/upload-1.part", null,
                "No space left on device"))).contains(Reason.STORAGE_FULL);
        assertThat(StoreFailures.reasonOf(new UncheckedIOException(new IOException("Disk quota exceeded")))).contains(Reason.STORAGE_FULL);
        assertThat(StoreFailures.reasonOf(new IOException("Broken pipe"))).isEmpty();
        assertThat(StoreFailures.reasonOf(new IllegalStateException("No space left on device"))).isEmpty();
    }

    @Test
    void theRefusalTellsWhenToComeBackAndNothingOfTheInfrastructure() {
        Optional<GatewayRejection> unavailable = failures.classify(new CannotGetJdbcConnectionException("Failed",
                new SQLException("Connection to db.internal:5432 refused", "08001")));
        assertThat(unavailable).hasValueSatisfying(rejection -> {
            assertThat(rejection.code()).isEqualTo("STORE_UNAVAILABLE");
            assertThat(rejection.reason().httpStatus()).isEqualTo(503);
            assertThat(rejection.retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(rejection.detail()).contains("nothing was accepted").doesNotContain("db.internal", "5432");
        });
        Optional<GatewayRejection> full = failures.classify(new IOException("No space left on device"));
        assertThat(full).hasValueSatisfying(rejection -> {
            assertThat(rejection.code()).isEqualTo("STORAGE_FULL");
            assertThat(rejection.reason().httpStatus()).isEqualTo(507);
            assertThat(rejection.retryAfter()).contains(Duration.ofMinutes(5));
        });
        assertThat(failures.classify(new IllegalArgumentException("a defect"))).isEmpty();
    }
}
