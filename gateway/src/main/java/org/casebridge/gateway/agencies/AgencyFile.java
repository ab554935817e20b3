package org.casebridge.gateway.agencies;

import java.util.List;

/**
 * The agency configuration file as written by an operator (YAML).
 *
 * <pre>
 * version: 1
 * agencies:
 *   - id: hohhot-amr
 *     name: 呼和浩特市市场监督管理局
 *     kind: ADMINISTRATIVE_AGENCY
 *     delivery:
 *       mode: PUSH_SOAP
 *       endpoint: https://amr.example/casebridge
 *       read-timeout: PT30S
 *       retry: { backoff: PROGRESSIVE, first-delay: PT1S, max-delay: PT5M, multiplier: 2, max-attempts: 20 }
 *     certificate: |
 *       -----BEGIN CERTIFICATE----- ...
 * </pre>
 */
record AgencyFile(Integer version, List<Entry> agencies) {

    record Entry(String id, String name, String kind, Delivery delivery, List<String> units, String certificate) {
    }

    record Delivery(String mode, String endpoint, String connectTimeout, String readTimeout, Integer consumers, Retry retry) {
    }

    /** Each field absent falls back to {@code casebridge.delivery.*}. */
    record Retry(String backoff, String firstDelay, String maxDelay, Double multiplier, Integer maxAttempts) {
    }
}
