package org.casebridge.gateway.faults;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.casebridge.gateway.support.AgencyRest;
import tools.jackson.databind.JsonNode;

/**
 * A pull agency's system: drains its inbox over REST from whichever node answers, records every
 * delivery in the current ledger, acknowledges it, and hands each new one to a follow-up (the
 * police answer transfers with a receipt). Runs until closed, across scenarios.
 */
final class PullCollector implements AutoCloseable {

    private final String agency;
    private final Submitter submitter;
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final ExecutorService followUps = Executors.newFixedThreadPool(3);
    private final Consumer<Ledger.Arrival> followUp;
    private final java.util.Set<String> followedUp = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Ledger ledger;
    private volatile boolean running = true;

    PullCollector(String agency, Submitter submitter, Consumer<Ledger.Arrival> followUp) {
        this.agency = agency;
        this.submitter = submitter;
        this.followUp = followUp;
        loop.submit(this::drain);
    }

    void ledger(Ledger ledger) {
        this.ledger = ledger;
    }

    private void drain() {
        int node = 0;
        while (running) {
            try {
                AgencyRest client = submitter.client(agency, node);
                AgencyRest.Response inbox = client.inbox();
                if (inbox.status() != 200) {
                    node++;
                    Submitter.sleep(200);
                    continue;
                }
                JsonNode deliveries = inbox.json().path("deliveries");
                if (deliveries.isEmpty()) {
                    node++;
                    Submitter.sleep(100);
                    continue;
                }
                for (JsonNode delivery : deliveries) {
                    Ledger book = ledger;
                    if (book != null) {
                        book.arrived(agency, delivery.toString(), "pull");
                    }
                    String dispatchId = delivery.path("dispatchId").asString();
                    if (!acknowledge(dispatchId, node)) {
                        break; // fetched again later: a raw redelivery, absorbed by dispatch id
                    }
                    Ledger.Arrival arrival = book == null ? null : book.arrival(dispatchId);
                    if (arrival != null && followUp != null && followedUp.add(dispatchId)) {
                        followUps.submit(() -> followUp.accept(arrival));
                    }
                }
            } catch (RuntimeException e) {
                node++;
                Submitter.sleep(200);
            }
        }
    }

    /**
     * Acknowledges until a node answers 200: an acknowledgement may have been committed although its
     * answer was lost, and such a dispatch is no longer listed, so giving up would leave it unanswered.
     * Acknowledging again is safe (the gateway answers with the same delivery receipt).
     */
    private boolean acknowledge(String dispatchId, int node) {
        for (int attempt = 0; attempt < 600 && running; attempt++) {
            try {
                if (submitter.client(agency, node + attempt).acknowledge(dispatchId).status() == 200) {
                    return true;
                }
            } catch (RuntimeException e) {
                // no answer: try the other node
            }
            Submitter.sleep(200);
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        loop.shutdown();
        followUps.shutdown();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
            followUps.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every follow-up handed out so far has run. */
    boolean idle() {
        return ((java.util.concurrent.ThreadPoolExecutor) followUps).getActiveCount() == 0
                && ((java.util.concurrent.ThreadPoolExecutor) followUps).getQueue().isEmpty();
    }
}
