package org.casebridge.gateway.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures mean "the gateway cannot keep this right now": the store of record cannot be
 * reached or cannot commit ({@code STORE_UNAVAILABLE}), or a disk is full ({@code STORAGE_FULL}).
 * Anything else is not a storage failure and is left alone: a constraint violation, say, is a
 * defect to see, not an outage to hide behind a 503.
 */
public final class StoreFailures {

    private static final Logger log = LoggerFactory.getLogger(StoreFailures.class);

    /** SQLSTATE classes (first two characters) in which every condition is the store's, not the request's. */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of(
            "08", // connection exception: refused, broken, lost during a statement or a commit
            "28", // invalid authorization: the gateway's own credentials are refused
            "40", // transaction rollback: serialization failure, deadlock; the same request may pass
            "57", // operator intervention: admin or crash shutdown, cannot connect now, statement timeout
            "58"); // system error: I/O error, undefined file

    /** Single conditions outside those classes. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of(
            "25006", // read-only SQL transaction: a standby, or a primary demoted by a failover
            "53000", // insufficient resources
            "53200", // out of memory
            "53300", // too many connections
            "53400", // configuration limit exceeded
            "55P03"); // lock not available

    /** Disk full, for instance "could not extend file": the database's disk, which an operator must free. */
    private static final String DISK_FULL = "53100";

    private final Duration retryAfter;
    private final Duration fullRetryAfter;

    public StoreFailures(Duration retryAfter, Duration fullRetryAfter) {
        this.retryAfter = retryAfter;
        this.fullRetryAfter = fullRetryAfter;
    }

    /**
     * What the sender is told, if the failure is a storage failure. The cause goes to the log, not
     * to the sender: it names hosts, ports and files of the gateway's own infrastructure.
     */
    public Optional<GatewayRejection> classify(Throwable failure) {
        return reasonOf(failure).map(reason -> {
            log.warn("Refused with {}: {}", reason, rootMessage(failure));
            return reason == Reason.STORAGE_FULL
                    ? new GatewayRejection(reason, "the gateway's storage is full; nothing was accepted, send it again later",
                            null, fullRetryAfter)
                    : new GatewayRejection(reason, "the gateway's store of record is unavailable; nothing was accepted, "
                            + "send it again later", null, retryAfter);
        });
    }

    /** The reason alone; empty when the failure is not about storage. */
    static Optional<Reason> reasonOf(Throwable failure) {
        // The most precise evidence wins: a SQLSTATE anywhere in the chain, then the exception types.
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                Optional<Reason> bySqlState = ofSqlState(sql.getSQLState());
                if (bySqlState.isPresent()) {
                    return bySqlState;
                }
            }
        }
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (isDiskFull(cause)) {
                return Optional.of(Reason.STORAGE_FULL);
            }
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof CannotGetJdbcConnectionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException || cause instanceof TransactionSystemException) {
                return Optional.of(Reason.STORE_UNAVAILABLE);
            }
        }
        return Optional.empty();
    }

    static Optional<Reason> ofSqlState(String sqlState) {
        if (DISK_FULL.equals(sqlState)) {
            return Optional.of(Reason.STORAGE_FULL);
        }
        if (sqlState.length() == 5 && (UNAVAILABLE_CLASSES.contains(sqlState.substring(0, 2)) || UNAVAILABLE_STATES.contains(sqlState))) {
            return Optional.of(Reason.STORE_UNAVAILABLE);
        }
        return Optional.empty();
    }

    /** ENOSPC and EDQUOT, as the JDK reports them on Linux, macOS and Windows. */
    static boolean isDiskFull(Throwable cause) {
        if (!(cause instanceof IOException) && !(cause instanceof UncheckedIOException)) {
            return false;
        }
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("no space left on device") || message.contains("disk quota exceeded")
                || message.contains("not enough space on the disk");
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof SQLException sql && sql.getNextException() != null && sql.getCause() == null) {
            return sql.getNextException();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
