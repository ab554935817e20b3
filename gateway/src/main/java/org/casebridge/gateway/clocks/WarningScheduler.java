package org.casebridge.gateway.clocks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.casebridge.contracts.v1.DeadlineWarning;
import org.casebridge.gateway.GatewayProperties;
import org.casebridge.gateway.audit.AuditDetails;
import org.casebridge.gateway.audit.AuditKind;
import org.casebridge.gateway.audit.AuditLog;
import org.casebridge.gateway.deadlines.ClockRule;
import org.casebridge.gateway.deadlines.RuleSets;
import org.casebridge.gateway.receipts.Receipts;
import org.casebridge.gateway.routing.Router;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires the warnings that are due. Each warning row is claimed with FOR UPDATE SKIP LOCKED and
 * marked fired in the same transaction that signs it and routes it to the responsible agency, so
 * that several nodes scanning one database fire every warning exactly once.
 */
@Component
class WarningScheduler {

    private static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RuleSets rules;
    private final Receipts receipts;
    private final Router router;
    private final Clock clock;
    private final String gateway;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    WarningScheduler(JdbcClient jdbc, TransactionTemplate transactions, RuleSets rules, Receipts receipts, Router router,
            Clock clock, GatewayProperties properties, AuditLog audit, ApplicationEventPublisher events) {
        this.audit = audit;
        this.events = events;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.rules = rules;
        this.receipts = receipts;
        this.router = router;
        this.clock = clock;
        this.gateway = properties.receivingGateway();
    }

    /** Fires everything due by now; returns how many warnings fired. */
    int fireDue() {
        int total = 0;
        int fired;
        do {
            Integer batch = transactions.execute(status -> fireBatch(clock.instant()));
            fired = batch == null ? 0 : batch;
            total += fired;
        } while (fired == BATCH);
        return total;
    }

    private int fireBatch(Instant now) {
        List<Due> due = jdbc.sql("""
                        SELECT w.clock_key, w.level, w.fire_at, c.handoff_id, c.profile, c.clock_id, c.started_by,
                               c.started_at, c.due_at, c.responsible_agency
                        FROM clock_warning w JOIN handoff_clock c ON c.clock_key = w.clock_key
                        WHERE w.fired_at IS NULL AND w.fire_at <= ? AND c.stopped_at IS NULL AND c.paused_since IS NULL
                        ORDER BY w.fire_at
                        LIMIT ?
                        FOR UPDATE OF w SKIP LOCKED""")
                .params(Timestamp.from(now), BATCH)
                .query((rs, n) -> new Due(rs.getString("clock_key"), rs.getString("level"), rs.getString("handoff_id"),
                        rs.getString("profile"), rs.getString("clock_id"), rs.getString("started_by"),
                        rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("due_at").toInstant(),
                        rs.getString("responsible_agency")))
                .list();
        for (Due warning : due) {
            fire(warning, now);
        }
        return due.size();
    }

    private void fire(Due due, Instant now) {
        String warningId = UUID.randomUUID().toString();
        // The row is locked by this transaction; the guard is there for whoever reads this code next.
        int claimed = jdbc.sql("UPDATE clock_warning SET fired_at = ?, warning_id = ? WHERE clock_key = ? AND level = ? AND fired_at IS NULL")
                .params(Timestamp.from(now), warningId, due.clockKey(), due.level()).update();
        if (claimed == 0) {
            return;
        }
        ClockRule rule = rules.clock(due.profile(), due.clockId());
        DeadlineWarning warning = new DeadlineWarning();
        warning.setWarningId(warningId);
        warning.setHandoffId(due.handoffId());
        warning.setProfile(due.profile());
        warning.setClock(due.clockId());
        warning.setClockName(rule.name().zh() + " / " + rule.name().en());
        warning.setLegalBasis(rule.legalBasis().source());
        warning.setLevel(due.level());
        warning.setResponsible(due.responsible());
        warning.setStartedAt(OffsetDateTime.ofInstant(due.startedAt(), ZoneOffset.UTC));
        warning.setDueAt(OffsetDateTime.ofInstant(due.dueAt(), ZoneOffset.UTC));
        warning.setFiredAt(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        warning.setGateway(gateway);
        receipts.issueWarning(warning);
        audit.append(AuditKind.DEADLINE_WARNING_FIRED, AuditLog.GATEWAY, "warning:" + warningId, due.handoffId(), AuditDetails.of()
                .with("warningId", warningId).with("clock", due.clockId()).with("level", due.level())
                .with("responsible", due.responsible()).with("dueAt", due.dueAt().toString()));
        router.routeDeadlineWarning(due.startedBy(), due.handoffId(), warning.getWarningId(), due.responsible());
        events.publishEvent(new WarningFired(warningId, due.handoffId(), due.clockId(), due.level(), due.responsible(),
                due.dueAt(), now));
    }

    private record Due(String clockKey, String level, String handoffId, String profile, String clockId, String startedBy,
            Instant startedAt, Instant dueAt, String responsible) {
    }
}
