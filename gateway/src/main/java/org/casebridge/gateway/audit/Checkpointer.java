package org.casebridge.gateway.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.casebridge.gateway.GatewayProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the chain's head when it moved since the last checkpoint: a signed checkpoint pins every
 * link up to it, so rewriting history would need the gateway's key as well as superuser rights.
 */
@Component
class Checkpointer {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ChainSignatures signatures;
    private final Clock clock;
    private final String gateway;

    Checkpointer(JdbcClient jdbc, TransactionTemplate transactions, ChainSignatures signatures, Clock clock,
            GatewayProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.signatures = signatures;
        this.clock = clock;
        this.gateway = properties.receivingGateway();
    }

    /** Signs the head if it moved; returns the seq signed, or 0. */
    long checkpoint() {
        Long signed = transactions.execute(status -> {
            // The sealer's lock: nobody moves the head while it is signed, and one node signs.
            if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(ChainSealer.LOCK_KEY).query(Boolean.class).single()) {
                return 0L;
            }
            var head = jdbc.sql("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1")
                    .query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getString(2))).optional();
            long last = jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_checkpoint").query(Long.class).single();
            if (head.isEmpty() || head.get().seq() <= last) {
                return 0L;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            byte[] payload = CheckpointPayload.canonical(gateway, head.get().hash(), head.get().seq(), now);
            jdbc.sql("INSERT INTO audit_checkpoint (seq, hash, signed_at, jws) VALUES (?, ?, ?, ?)")
                    .params(head.get().seq(), head.get().hash(), Timestamp.from(now), signatures.sign(payload))
                    .update();
            return head.get().seq();
        });
        return signed == null ? 0 : signed;
    }

    private record Checkpoint(long seq, String hash) {
    }
}
