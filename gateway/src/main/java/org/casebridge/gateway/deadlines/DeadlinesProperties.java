package org.casebridge.gateway.deadlines;

import java.nio.file.Path;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where an operator puts deadline data that replaces or adds to the shipped files, without a release.
 *
 * @param calendarDir holiday calendar files such as {@code cn-2027.yml}; optional
 * @param profileDir  rule-set files such as {@code cn.yml}; optional
 */
@ConfigurationProperties("casebridge.deadlines")
public record DeadlinesProperties(Path calendarDir, Path profileDir) {

    Optional<Path> calendars() {
        return Optional.ofNullable(calendarDir);
    }

    Optional<Path> profiles() {
        return Optional.ofNullable(profileDir);
    }
}
