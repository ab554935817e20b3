package org.casebridge.gateway.audit;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up, records the digest of every configuration item the modules loaded
 * (CONFIGURATION_LOADED), and CONFIGURATION_CHANGED with the old and new digest when it differs
 * from the last one recorded, by this node or another.
 */
@Component
class ConfigurationRecorder {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationRecorder.class);
    /** "audc": two nodes starting at once compare and record one item after the other. */
    private static final long LOCK_KEY = 0x61756463L;

    private final List<AuditedConfiguration> sources;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    ConfigurationRecorder(List<AuditedConfiguration> sources, AuditLog audit, JdbcClient jdbc, TransactionTemplate transactions) {
        this.sources = sources;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recordLoadedConfiguration() {
        Map<String, String> digests = new TreeMap<>();
        sources.forEach(source -> digests.putAll(source.configurationDigests()));
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?)").param(LOCK_KEY).query(Integer.class).single();
            digests.forEach(this::record);
        });
    }

    private void record(String name, String digest) {
        String target = "configuration:" + name;
        Optional<String> last = jdbc.sql("""
                        SELECT details FROM audit_entry WHERE target = ? AND kind IN ('CONFIGURATION_LOADED', 'CONFIGURATION_CHANGED')
                        ORDER BY entry_id DESC LIMIT 1""")
                .param(target).query(String.class).optional()
                .map(details -> EntryBodies.details(details).path("sha256").asString(null));
        audit.append(AuditKind.CONFIGURATION_LOADED, AuditLog.GATEWAY, target, null,
                AuditDetails.of().with("name", name).with("sha256", digest));
        if (last.isPresent() && !last.get().equals(digest)) {
            log.info("Configuration {} changed: {} -> {}", name, last.get(), digest);
            audit.append(AuditKind.CONFIGURATION_CHANGED, AuditLog.GATEWAY, target, null,
                    AuditDetails.of().with("name", name).with("old", last.get()).with("new", digest).with("sha256", digest));
        }
    }
}
