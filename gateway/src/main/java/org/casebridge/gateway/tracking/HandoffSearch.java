package org.casebridge.gateway.tracking;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.ReadScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The handoff list across agencies, from the tracking read model: filtered, searched, ordered and
 * paged in the database. What a caller sees is decided by the access policy's read scope, applied
 * here to every query, whatever the filters ask.
 */
@Service
public class HandoffSearch {

    /** Dates of the range are days in the zone of the Chinese profile. */
    static final ZoneId DAYS = ZoneId.of("Asia/Shanghai");
    private static final int EXPORT_FETCH = 500;

    private final AccessPolicy access;
    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    HandoffSearch(AccessPolicy access, DataSource dataSource, PlatformTransactionManager transactions) {
        this.access = access;
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(EXPORT_FETCH);
        this.streaming = new NamedParameterJdbcTemplate(fetching);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public HandoffPage find(Caller caller, HandoffQuery query) {
        ReadScope scope = access.requireListing(caller);
        Statement count = countStatement(scope, query);
        Long total = jdbc.queryForObject(count.sql(), count.params(), Long.class);
        Statement page = pageStatement(scope, query);
        List<HandoffRow> rows = jdbc.query(page.sql(), page.params(), mapper(page.viewpoint()));
        return new HandoffPage(rows, total == null ? 0 : total, query.page(), query.size());
    }

    /**
     * Every match, in the query's order, for a download. The scope is checked now, on the caller's
     * request; the rows are read when {@link Export#forEach} runs, in one read-only transaction so
     * that the driver fetches them in batches instead of holding them all.
     */
    public Export export(Caller caller, HandoffQuery query) {
        ReadScope scope = access.requireListing(caller);
        Statement all = exportStatement(scope, query);
        RowMapper<HandoffRow> mapper = mapper(all.viewpoint());
        return sink -> readOnly.executeWithoutResult(status -> streaming.query(all.sql(), all.params(),
                (ResultSet rs) -> sink.accept(mapper.mapRow(rs, 0))));
    }

    /** The matches of an export, handed out one by one. */
    public interface Export {
        void forEach(Consumer<HandoffRow> sink);
    }

    /** SQL with its named parameters; viewpoint is the agency that directions are seen from. */
    record Statement(String sql, Map<String, Object> params, String viewpoint) {
    }

    static Statement countStatement(ReadScope scope, HandoffQuery query) {
        Statement filter = filter(scope, query);
        return new Statement("SELECT count(*) FROM handoff_track t WHERE " + filter.sql(), filter.params(), filter.viewpoint());
    }

    static Statement pageStatement(ReadScope scope, HandoffQuery query) {
        Statement all = exportStatement(scope, query);
        Map<String, Object> params = new LinkedHashMap<>(all.params());
        params.put("limit", query.size());
        params.put("offset", (long) (query.page() - 1) * query.size());
        return new Statement(all.sql() + " LIMIT :limit OFFSET :offset", params, all.viewpoint());
    }

    static Statement exportStatement(ReadScope scope, HandoffQuery query) {
        Statement filter = filter(scope, query);
        String sql = """
                SELECT t.*, ARRAY(SELECT p.agency_id FROM handoff_party p WHERE p.handoff_id = t.handoff_id ORDER BY 1) AS parties
                FROM handoff_track t WHERE\s""" + filter.sql() + " ORDER BY " + order(query);
        return new Statement(sql, filter.params(), filter.viewpoint());
    }

    private static Statement filter(ReadScope scope, HandoffQuery query) {
        if (scope.none()) {
            throw new IllegalArgumentException("no read scope");
        }
        StringBuilder where = new StringBuilder("true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (!scope.all()) {
            where.append(" AND EXISTS (SELECT 1 FROM handoff_party s WHERE s.handoff_id = t.handoff_id AND s.agency_id = :scope)");
            params.put("scope", scope.agencyId());
        }
        if (query.agency() != null && !query.agency().equals(scope.agencyId())) {
            where.append(" AND EXISTS (SELECT 1 FROM handoff_party a WHERE a.handoff_id = t.handoff_id AND a.agency_id = :agency)");
            params.put("agency", query.agency());
        }
        String viewpoint = scope.all() ? query.agency() : scope.agencyId();
        if (query.direction() != null) {
            if (viewpoint == null) {
                throw new GatewayRejection(GatewayRejection.Reason.CONTRACT_VIOLATION,
                        "direction is seen from an agency: choose one in the agency filter", "direction");
            }
            where.append(query.direction() == HandoffQuery.Direction.SENT ? " AND t.sender_agency = :viewpoint"
                    : " AND t.sender_agency <> :viewpoint");
            params.put("viewpoint", viewpoint);
        }
        if (query.type() != null) {
            where.append(" AND t.opening_type = :type");
            params.put("type", query.type().name());
        }
        if (query.state() != null) {
            where.append(" AND t.state = :state");
            params.put("state", query.state().name());
        }
        if (query.level() != null) {
            where.append(" AND t.level_rank = :rank");
            params.put("rank", (short) query.level().ordinal());
        }
        if (query.from() != null) {
            where.append(" AND t.opened_at >= :from");
            params.put("from", Timestamp.from(query.from().atStartOfDay(DAYS).toInstant()));
        }
        if (query.to() != null) {
            where.append(" AND t.opened_at < :until");
            params.put("until", Timestamp.from(query.to().plusDays(1).atStartOfDay(DAYS).toInstant()));
        }
        if (query.q() != null) {
            where.append(" AND strpos(t.search_text, lower(:q)) > 0");
            params.put("q", query.q());
        }
        return new Statement(where.toString(), params, viewpoint);
    }

    /** Each order matches an index, read forwards or backwards, and ends on the id so that pages are stable. */
    private static String order(HandoffQuery query) {
        String dir = query.descending() ? " DESC" : " ASC";
        return switch (query.sort()) {
            case ACTIVITY -> "t.last_activity" + dir + ", t.handoff_id" + dir;
            case OPENED -> "t.opened_at" + dir + ", t.handoff_id" + dir;
            case DUE -> "t.next_due_at" + dir + ", t.handoff_id" + dir;
            // most urgent first: highest level, then the earliest due
            case LEVEL -> query.descending() ? "t.level_rank DESC, t.next_due_at ASC, t.handoff_id ASC"
                    : "t.level_rank ASC, t.next_due_at DESC, t.handoff_id DESC";
            case STATE -> "t.state" + dir + ", t.last_activity" + dir + ", t.handoff_id" + dir;
            case ID -> "t.handoff_id" + dir;
        };
    }

    private static RowMapper<HandoffRow> mapper(String viewpoint) {
        return (rs, n) -> {
            String sender = rs.getString("sender_agency");
            HandoffQuery.Direction direction = viewpoint == null ? null
                    : viewpoint.equals(sender) ? HandoffQuery.Direction.SENT : HandoffQuery.Direction.RECEIVED;
            return new HandoffRow(rs.getString("handoff_id"), rs.getString("profile"), instant(rs, "opened_at"),
                    rs.getString("opening_type"), sender, rs.getString("recipient_agency"), texts(rs.getArray("parties")),
                    direction, rs.getString("state"), rs.getString("warning_level"), instant(rs, "next_due_at"),
                    rs.getBoolean("overdue"), instant(rs, "last_activity"), texts(rs.getArray("document_numbers")),
                    texts(rs.getArray("case_numbers")), texts(rs.getArray("party_names")));
        };
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
