package org.casebridge.gateway.tracking;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.ReadScope;
import org.casebridge.gateway.lifecycle.HandoffState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The figures of the tracking dashboard, computed by SQL over the source tables (handoff,
 * handoff_party, handoff_lifecycle, handoff_event, handoff_clock, clock_warning, message, dispatch)
 * for the handoffs the caller may read: all for auditors, else those the caller's agency is a party to.
 * An optional window keeps the handoffs opened on those days (Beijing days, the profile's zone).
 *
 * <p>Definitions (the page repeats them under each figure):
 * <ul>
 * <li><b>open</b>: a handoff whose state is not settled. Settled ({@link #SETTLED}) are the outcomes that
 *     end the handoff's own course: CLOSED; INDICTED and NOT_PROSECUTED (the prosecutor decided);
 *     REFUSED_FINAL (refusal upheld on reconsideration); SUPERVISION_CLOSED; REVOKED, MOVED, FORWARDED
 *     (the case left this handoff); REVERSE_TRANSFERRED. From some of them a remedy (supervision, reverse
 *     transfer) or closure may still follow; when it does, the new state counts as open again.</li>
 * <li><b>overdue</b>: handoffs with at least one running (neither stopped nor paused) clock past its due time.
 *     <b>near due</b>: the other handoffs with a running clock due within {@link #NEAR_DUE}, or whose WARNING
 *     (80 %) or DUE (due day) warning has fired. Clocks count in any state, since some duties (telling the
 *     agency of a revocation) run after the handoff has settled.</li>
 * <li><b>on-time rate</b> per responsible agency: clocks stopped by their due time / (all stopped clocks + running
 *     clocks already past due, counted late). Every clock counts as the gateway warns on every clock,
 *     including the 24-hour windows (forwarding, deficiency notice) that police decisions after a day close late.</li>
 * <li><b>spot-check pass rate</b>: of all closed-out steps (stopped clocks), the share done by the due time.</li>
 * <li><b>transfers supervised</b>: handoffs opened by a transfer (REFERRAL_SUBMIT); <b>corrected</b>: those
 *     registered after a refusal, whether on reconsideration or under the prosecutor's supervision (a transition
 *     to REGISTERED from RECON_DECIDED, SUPERVISION, EXPLAINED or REGISTER_ORDERED).</li>
 * <li><b>decisions served</b> (the disclosure figure): DECISION messages every addressee has acknowledged / all
 *     DECISION messages.</li>
 * <li><b>trend</b>: handoffs opened per Beijing day over the window, by default the last 30 days.</li>
 * </ul>
 */
@Service
public class TrackingFigures {

    /** States that end a handoff's own course (see the class comment). */
    public static final Set<HandoffState> SETTLED = EnumSet.of(HandoffState.CLOSED, HandoffState.INDICTED,
            HandoffState.NOT_PROSECUTED, HandoffState.REFUSED_FINAL, HandoffState.SUPERVISION_CLOSED, HandoffState.REVOKED,
            HandoffState.MOVED, HandoffState.FORWARDED, HandoffState.REVERSE_TRANSFERRED);

    /** States a registration leaves when it corrects a refusal. */
    static final List<String> CORRECTING = List.of(HandoffState.RECON_DECIDED.name(), HandoffState.SUPERVISION.name(),
            HandoffState.EXPLAINED.name(), HandoffState.REGISTER_ORDERED.name());

    public static final Duration NEAR_DUE = Duration.ofHours(24);
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final int DEFAULT_TREND_DAYS = 30;
    /** A longer trend would be unreadable as daily bars. */
    public static final int MAX_TREND_DAYS = 92;

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final Clock clock;
    private final TransactionTemplate snapshot;

    TrackingFigures(JdbcClient jdbc, AccessPolicy access, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.access = access;
        this.clock = clock;
        // one snapshot for all the queries, so that the figures agree with each other
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * @param from first Beijing day of the window, null for no lower bound
     * @param to   last Beijing day of the window, null for no upper bound
     */
    public Figures of(Caller caller, LocalDate from, LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new GatewayRejection(GatewayRejection.Reason.CONTRACT_VIOLATION, "from must not be after to", "from");
        }
        ReadScope scope = access.requireListing(caller);
        Instant now = clock.instant();
        Scoped scoped = new Scoped(scope.all() ? null : scope.agencyId(), from, to);
        return snapshot.execute(status -> compute(scoped, from, to, now));
    }

    private Figures compute(Scoped scoped, LocalDate from, LocalDate to, Instant now) {

        List<Count> byState = countsByState(scoped);
        long openTotal = byState.stream().mapToLong(Count::count).sum();
        List<Count> byAgency = scoped.query("""
                SELECT p.agency_id AS k, count(*) AS n FROM scoped s
                JOIN handoff_lifecycle l ON l.handoff_id = s.handoff_id
                JOIN handoff_party p ON p.handoff_id = s.handoff_id
                WHERE l.state NOT IN (:settled) GROUP BY p.agency_id ORDER BY n DESC, k""")
                .param("settled", settledNames())
                .query((rs, i) -> new Count(rs.getString("k"), rs.getLong("n"))).list();
        long[] urgency = urgency(scoped, now);
        List<Timeliness> onTime = onTime(scoped, now);
        return new Figures(now, from, to, scoped.agency(), openTotal, byState, byAgency, urgency[0], urgency[1], onTime,
                Timeliness.total(onTime), supervision(scoped), trend(scoped, from, to, now));
    }

    private List<Count> countsByState(Scoped scoped) {
        Map<String, Long> counts = new HashMap<>();
        scoped.query("""
                SELECT l.state AS k, count(*) AS n FROM scoped s JOIN handoff_lifecycle l ON l.handoff_id = s.handoff_id
                WHERE l.state NOT IN (:settled) GROUP BY l.state""")
                .param("settled", settledNames())
                .query((RowCallbackHandler) rs -> counts.put(rs.getString("k"), rs.getLong("n")));
        // in the order of the lifecycle, so that the chart reads like the flow
        List<Count> ordered = new ArrayList<>();
        for (HandoffState state : HandoffState.values()) {
            Long n = counts.remove(state.name());
            if (n != null) {
                ordered.add(new Count(state.name(), n));
            }
        }
        counts.forEach((state, n) -> ordered.add(new Count(state, n)));
        return ordered;
    }

    /** Overdue and near-due handoffs, each counted once, overdue first. */
    private long[] urgency(Scoped scoped, Instant now) {
        return scoped.query("""
                SELECT count(*) FILTER (WHERE overdue) AS overdue, count(*) FILTER (WHERE NOT overdue AND near) AS near FROM (
                  SELECT c.handoff_id, bool_or(c.due_at <= :now) AS overdue,
                         bool_or(c.due_at > :now AND (c.due_at <= :soon OR EXISTS (SELECT 1 FROM clock_warning w
                             WHERE w.clock_key = c.clock_key AND w.fired_at IS NOT NULL AND w.level IN ('WARNING', 'DUE')))) AS near
                  FROM scoped s JOIN handoff_clock c ON c.handoff_id = s.handoff_id
                  WHERE c.stopped_at IS NULL AND c.paused_since IS NULL
                  GROUP BY c.handoff_id) t""")
                .param("now", Timestamp.from(now)).param("soon", Timestamp.from(now.plus(NEAR_DUE)))
                .query((rs, i) -> new long[] {rs.getLong("overdue"), rs.getLong("near")}).single();
    }

    private List<Timeliness> onTime(Scoped scoped, Instant now) {
        return scoped.query("""
                SELECT c.responsible_agency AS agency,
                       count(*) FILTER (WHERE c.stopped_at IS NOT NULL AND c.stopped_at <= c.due_at) AS in_time,
                       count(*) FILTER (WHERE c.stopped_at IS NOT NULL AND c.stopped_at > c.due_at) AS late,
                       count(*) FILTER (WHERE c.stopped_at IS NULL AND c.paused_since IS NULL AND c.due_at <= :now) AS overdue
                FROM scoped s JOIN handoff_clock c ON c.handoff_id = s.handoff_id
                GROUP BY c.responsible_agency ORDER BY c.responsible_agency""")
                .param("now", Timestamp.from(now))
                .query((rs, i) -> new Timeliness(rs.getString("agency"), rs.getLong("in_time"), rs.getLong("late"),
                        rs.getLong("overdue"))).list()
                .stream().filter(t -> t.judged() > 0).toList();
    }

    private Supervision supervision(Scoped scoped) {
        Supervision handoffs = scoped.query("""
                SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM message m WHERE m.handoff_id = s.handoff_id
                           AND m.type = 'REFERRAL_SUBMIT')) AS transfers,
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM handoff_event e WHERE e.handoff_id = s.handoff_id
                           AND e.to_state = 'REFUSED')) AS refused,
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM handoff_event e WHERE e.handoff_id = s.handoff_id
                           AND e.to_state = 'SUPERVISION')) AS supervised,
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM handoff_event e WHERE e.handoff_id = s.handoff_id
                           AND e.to_state = 'REGISTERED' AND e.from_state IN (:correcting))) AS corrected
                FROM scoped s""")
                .param("correcting", CORRECTING)
                .query((rs, i) -> new Supervision(rs.getLong("transfers"), rs.getLong("refused"), rs.getLong("supervised"),
                        rs.getLong("corrected"), 0, 0)).single();
        long[] decisions = scoped.query("""
                SELECT count(*) AS decisions,
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM dispatch d WHERE d.message_id = m.message_id AND d.kind = 'MESSAGE')
                           AND NOT EXISTS (SELECT 1 FROM dispatch d WHERE d.message_id = m.message_id AND d.kind = 'MESSAGE'
                           AND d.state <> 'ACKNOWLEDGED')) AS served
                FROM scoped s JOIN message m ON m.handoff_id = s.handoff_id WHERE m.type = 'DECISION'""")
                .query((rs, i) -> new long[] {rs.getLong("decisions"), rs.getLong("served")}).single();
        return new Supervision(handoffs.transfers(), handoffs.refused(), handoffs.supervised(), handoffs.corrected(),
                decisions[0], decisions[1]);
    }

    private List<DayCount> trend(Scoped scoped, LocalDate from, LocalDate to, Instant now) {
        LocalDate last = to != null ? to : LocalDate.ofInstant(now, ZONE);
        LocalDate first = from != null ? from : last.minusDays(DEFAULT_TREND_DAYS - 1);
        if (ChronoUnit.DAYS.between(first, last) >= MAX_TREND_DAYS) {
            first = last.minusDays(MAX_TREND_DAYS - 1);
        }
        Map<LocalDate, Long> counts = new HashMap<>();
        scoped.query("""
                SELECT CAST(s.opened_at AT TIME ZONE :zone AS date) AS day, count(*) AS n FROM scoped s
                WHERE s.opened_at >= :first AND s.opened_at < :end GROUP BY 1""")
                .param("zone", ZONE.getId())
                .param("first", Timestamp.from(first.atStartOfDay(ZONE).toInstant()))
                .param("end", Timestamp.from(last.plusDays(1).atStartOfDay(ZONE).toInstant()))
                .query((RowCallbackHandler) rs -> counts.put(rs.getDate("day").toLocalDate(), rs.getLong("n")));
        List<DayCount> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.add(new DayCount(day, counts.getOrDefault(day, 0L)));
        }
        return days;
    }

    private static List<String> settledNames() {
        return SETTLED.stream().map(Enum::name).sorted().toList();
    }

    /** The handoffs in scope and window, as a CTE named {@code scoped} in front of each query. */
    private final class Scoped {
        private final String agency;
        private final String cte;
        private final Map<String, Object> params = new LinkedHashMap<>();

        Scoped(String agency, LocalDate from, LocalDate to) {
            this.agency = agency;
            StringBuilder where = new StringBuilder("TRUE");
            if (agency != null) {
                where.append(" AND EXISTS (SELECT 1 FROM handoff_party p WHERE p.handoff_id = h.handoff_id AND p.agency_id = :agency)");
                params.put("agency", agency);
            }
            if (from != null) {
                where.append(" AND h.opened_at >= :windowFrom");
                params.put("windowFrom", Timestamp.from(from.atStartOfDay(ZONE).toInstant()));
            }
            if (to != null) {
                where.append(" AND h.opened_at < :windowEnd");
                params.put("windowEnd", Timestamp.from(to.plusDays(1).atStartOfDay(ZONE).toInstant()));
            }
            this.cte = "WITH scoped AS (SELECT h.handoff_id, h.opened_at FROM handoff h WHERE " + where + ")\n";
        }

        String agency() {
            return agency;
        }

        JdbcClient.StatementSpec query(String sql) {
            return jdbc.sql(cte + sql).params(params);
        }
    }

    /**
     * The dashboard's figures at one moment.
     *
     * @param scopeAgency the agency whose handoffs the figures cover; null for all
     */
    public record Figures(Instant asOf, LocalDate from, LocalDate to, String scopeAgency, long openTotal,
            List<Count> openByState, List<Count> openByAgency, long overdue, long nearDue, List<Timeliness> onTimeByAgency,
            Timeliness onTimeOverall, Supervision supervision, List<DayCount> trend) {
    }

    public record Count(String key, long count) {
    }

    /**
     * Steps of one responsible agency judged against their due time.
     *
     * @param inTime      stopped clocks stopped by their due time
     * @param lateDone    stopped clocks stopped after it
     * @param overdueOpen running clocks already past due
     */
    public record Timeliness(String agency, long inTime, long lateDone, long overdueOpen) {

        static Timeliness total(List<Timeliness> all) {
            return new Timeliness(null, all.stream().mapToLong(Timeliness::inTime).sum(),
                    all.stream().mapToLong(Timeliness::lateDone).sum(), all.stream().mapToLong(Timeliness::overdueOpen).sum());
        }

        public long judged() {
            return inTime + lateDone + overdueOpen;
        }

        /** On-time rate in percent, null when nothing can be judged yet. */
        public Double rate() {
            return judged() == 0 ? null : 100.0 * inTime / judged();
        }

        /** Spot-check pass rate in percent: closed-out steps only; null when none. */
        public Double spotCheckRate() {
            return inTime + lateDone == 0 ? null : 100.0 * inTime / (inTime + lateDone);
        }
    }

    /**
     * The supervision figures of the kind the field reports (DOMAIN.md, last section).
     *
     * @param transfers       handoffs opened by a transfer
     * @param refused         handoffs refused at least once
     * @param supervised      handoffs brought under the prosecutor's supervision
     * @param corrected       handoffs registered after a refusal
     * @param decisions       DECISION messages
     * @param decisionsServed DECISION messages every addressee has acknowledged
     */
    public record Supervision(long transfers, long refused, long supervised, long corrected, long decisions,
            long decisionsServed) {

        /** Decisions served in percent, null when there are none. */
        public Double servedRate() {
            return decisions == 0 ? null : 100.0 * decisionsServed / decisions;
        }
    }

    public record DayCount(LocalDate day, long count) {
    }
}
