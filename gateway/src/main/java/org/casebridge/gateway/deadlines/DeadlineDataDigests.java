package org.casebridge.gateway.deadlines;

import java.util.Map;
import java.util.TreeMap;
import org.casebridge.gateway.audit.AuditedConfiguration;
import org.springframework.stereotype.Component;

/**
 * The digest of each rule set and calendar in force, for the audit chain: the shipped file, or the
 * operator's file that replaces it (same id), as for loading.
 */
@Component
class DeadlineDataDigests implements AuditedConfiguration {

    private final DeadlinesProperties properties;

    DeadlineDataDigests(DeadlinesProperties properties) {
        this.properties = properties;
    }

    @Override
    public Map<String, String> configurationDigests() {
        Map<String, String> digests = new TreeMap<>();
        DataFiles.digests(RuleSets.CLASSPATH_FOLDER, properties.profiles()).forEach((id, sha) -> digests.put("deadline-profile:" + id, sha));
        DataFiles.digests(HolidayCalendars.CLASSPATH_FOLDER, properties.calendars()).forEach((id, sha) -> digests.put("holiday-calendar:" + id, sha));
        return digests;
    }
}
