package org.casebridge.gateway.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.GatewayProcess;

/**
 * Submits a message until some node has accepted it, the way a careful agency system would:
 * whatever went wrong (connection refused or reset, timeout, 5xx, 429), the same bytes under the
 * same messageId go to the other node. A repeat of an accepted message is answered with its
 * original receipt, so retrying is always safe.
 */
final class Submitter {

    private static final Duration GIVE_UP = Duration.ofMinutes(4);
    private static final int MAX_CONSECUTIVE_REFUSALS = 5;

    private final List<GatewayProcess> nodes;
    private final Map<String, AgencyRest> clients = new ConcurrentHashMap<>();
    private volatile Ledger ledger;

    Submitter(List<GatewayProcess> nodes) {
        this.nodes = nodes;
    }

    void ledger(Ledger ledger) {
        this.ledger = ledger;
    }

    AgencyRest client(String agency, int node) {
        GatewayProcess target = nodes.get(Math.floorMod(node, nodes.size()));
        return clients.computeIfAbsent(agency + "@" + target.node(), k -> new AgencyRest(agency, target.baseUrl()));
    }

    /** Blocks until accepted; the answer is recorded in the ledger. */
    void submit(String agency, String messageId, String json, int firstNode) {
        Ledger book = ledger;
        Instant deadline = Instant.now().plus(GIVE_UP);
        int node = firstNode;
        int refusals = 0;
        long backoff = 50;
        while (Instant.now().isBefore(deadline)) {
            try {
                AgencyRest.Response response = client(agency, node).submit(json);
                if (response.status() == 201 || response.status() == 200) {
                    book.accepted(messageId, response.status(), response.body());
                    return;
                }
                book.failed("HTTP " + response.status() + code(response));
                if (response.status() / 100 == 4 && response.status() != 429 && ++refusals >= MAX_CONSECUTIVE_REFUSALS) {
                    book.refused(messageId + ": " + response);
                    return;
                }
            } catch (RuntimeException e) {
                book.failed("no answer (" + rootCause(e).getClass().getSimpleName() + ")");
            }
            node++;
            sleep(backoff);
            backoff = Math.min(1000, backoff * 2);
        }
        book.refused(messageId + ": no node accepted it within " + GIVE_UP);
    }

    private static String code(AgencyRest.Response response) {
        try {
            String code = response.json().path("code").asString();
            return code == null || code.isEmpty() ? "" : " " + code;
        } catch (RuntimeException e) {
            return "";
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
