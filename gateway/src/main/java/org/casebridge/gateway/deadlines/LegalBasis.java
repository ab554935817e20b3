package org.casebridge.gateway.deadlines;

/**
 * Where a time limit comes from.
 *
 * @param source short citation shown in explanations, e.g. {@code SC 8} or {@code CPL 172}
 */
public record LegalBasis(String instrument, String article, String source) {
}
