package org.casebridge.gateway.tracking;

import java.util.LinkedHashMap;
import java.util.Map;
import org.casebridge.gateway.clocks.WarningFired;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces each fired warning to every node. The listener runs synchronously inside the
 * transaction that fires the warning, and PostgreSQL delivers a NOTIFY only when that transaction
 * commits: a warning rolled back is never announced.
 */
@Component
class WarningNotices {

    static final String CHANNEL = "casebridge_warning";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    WarningNotices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void fired(WarningFired warning) {
        Map<String, String> notice = new LinkedHashMap<>();
        notice.put("handoffId", warning.handoffId());
        notice.put("level", warning.level());
        notice.put("clock", warning.clock());
        notice.put("warningId", warning.warningId());
        notice.put("firedAt", warning.firedAt().toString()); // beyond the contract's four keys, for the notice's time
        jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, JSON.writeValueAsString(notice)).query((rs, n) -> 1).list();
    }
}
