package org.casebridge.gateway.audit;

import java.util.Map;

/**
 * Configuration that a module loaded at start-up and that the audit chain should attest: each
 * item's name (e.g. {@code agencies}, {@code deadline-profile:cn}) and the hex SHA-256 of its file.
 */
public interface AuditedConfiguration {

    Map<String, String> configurationDigests();
}
