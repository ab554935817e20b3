package org.casebridge.gateway.tracking;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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
    /** Matches counted past a page's offset; beyond, the list says "at least". */
    static final int COUNT_CAP = 10_000;
    /**
     * Up to this many matches, a page is read by filtering first and sorting the matches: walking an
     * order's index for sparse matches can read most of the table before the page is full (the
     * planner guesses the matches' density from independent statistics, and may guess wrong).
     */
    static final int FILTER_FIRST = 2_000;

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

    /**
     * One page and how many match. A first statement reads up to {@value #FILTER_FIRST} matches in
     * whatever way the filters allow; when that is all of them, it sorts and pages them there (one
     * pass, even for a search, which no index serves). Otherwise matches are many: they are counted
     * up to {@value #COUNT_CAP} past the page's offset (the list then says "at least"), and the page
     * is read along the order's index, which soon finds enough of them.
     */
    public HandoffPage find(Caller caller, HandoffQuery query) {
        ReadScope scope = access.requireListing(caller);
        Statement few = fewStatement(scope, query);
        RowMapper<HandoffRow> mapper = mapper(few.viewpoint());
        long[] matched = {0};
        List<HandoffRow> rows = new ArrayList<>();
        jdbc.query(few.sql(), few.params(), (ResultSet rs) -> {
            matched[0] = rs.getLong("matched");
            if (rs.getString("handoff_id") != null) {
                rows.add(mapper.mapRow(rs, rows.size()));
            }
        });
        if (matched[0] <= FILTER_FIRST) {
            return new HandoffPage(rows, matched[0], true, query.page(), query.size());
        }
        long offset = offset(query);
        Statement count = countStatement(scope, query, offset + COUNT_CAP + 1);
        Long counted = jdbc.queryForObject(count.sql(), count.params(), Long.class);
        long total = counted == null ? 0 : counted;
        List<HandoffRow> page = List.of();
        if (total > offset) {
            Statement statement = pageStatement(scope, query);
            page = jdbc.query(statement.sql(), statement.params(), mapper);
        }
        return new HandoffPage(page, Math.min(total, offset + COUNT_CAP), total <= offset + COUNT_CAP, query.page(), query.size());
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

    /** How many match, up to {@code cap}: counting stops there. */
    static Statement countStatement(ReadScope scope, HandoffQuery query, long cap) {
        Statement filter = filter(scope, query);
        Map<String, Object> params = new LinkedHashMap<>(filter.params());
        params.put("cap", cap);
        return new Statement("SELECT count(*) FROM (SELECT 1 FROM handoff_track t WHERE " + filter.sql() + " LIMIT :cap) c",
                params, filter.viewpoint());
    }

    /**
     * Up to {@value #FILTER_FIRST} + 1 matches, read filter first (a materialized CTE, which the planner
     * may not turn into a walk along an order's index), counted as {@code matched}; when they are all
     * the matches, the page of them in order, otherwise a single row with no handoff.
     */
    static Statement fewStatement(ReadScope scope, HandoffQuery query) {
        Statement filter = filter(scope, query);
        Map<String, Object> params = new LinkedHashMap<>(filter.params());
        params.put("probe", FILTER_FIRST + 1);
        params.put("limit", query.size());
        params.put("offset", offset(query));
        String sql = "WITH m AS MATERIALIZED (SELECT * FROM handoff_track t WHERE " + filter.sql() + " LIMIT :probe)"
                + " SELECT c.matched, t.* FROM (SELECT count(*) AS matched FROM m) c LEFT JOIN LATERAL"
                + " (SELECT * FROM m t WHERE c.matched < :probe ORDER BY " + order(query) + " LIMIT :limit OFFSET :offset) t ON true"
                + " ORDER BY " + order(query);
        return new Statement(sql, params, filter.viewpoint());
    }

    /** A page of matches, read along the order's index: for many matches. */
    static Statement pageStatement(ReadScope scope, HandoffQuery query) {
        Statement filter = filter(scope, query);
        Map<String, Object> params = new LinkedHashMap<>(filter.params());
        params.put("limit", query.size());
        params.put("offset", offset(query));
        return new Statement("SELECT t.* FROM handoff_track t WHERE " + filter.sql() + " ORDER BY " + order(query)
                + " LIMIT :limit OFFSET :offset", params, filter.viewpoint());
    }

    static Statement exportStatement(ReadScope scope, HandoffQuery query) {
        Statement filter = filter(scope, query);
        return new Statement("SELECT t.* FROM handoff_track t WHERE " + filter.sql() + " ORDER BY " + order(query),
                filter.params(), filter.viewpoint());
    }

    private static long offset(HandoffQuery query) {
        return (long) (query.page() - 1) * query.size();
    }

    private static Statement filter(ReadScope scope, HandoffQuery query) {
        if (scope.none()) {
            throw new IllegalArgumentException("no read scope");
        }
        StringBuilder where = new StringBuilder("true");
        Map<String, Object> params = new LinkedHashMap<>();
        // the scope and the agency filter in one containment test on the parties' GIN index
        List<String> parties = new ArrayList<>(2);
        if (!scope.all()) {
            parties.add(scope.agencyId());
        }
        if (query.agency() != null && !query.agency().equals(scope.agencyId())) {
            parties.add(query.agency());
        }
        if (!parties.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < parties.size(); i++) {
                names.add("CAST(:party" + i + " AS text)");
                params.put("party" + i, parties.get(i));
            }
            where.append(" AND t.parties @> ARRAY[").append(String.join(", ", names)).append(']');
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
                    instant(rs, "last_activity"), texts(rs.getArray("document_numbers")),
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
