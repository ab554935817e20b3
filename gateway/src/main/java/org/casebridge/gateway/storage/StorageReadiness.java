package org.casebridge.gateway.storage;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code storage} health indicator, part of the readiness group: DOWN while the store of
 * record does not answer or a disk is below the watermark, so a load balancer stops sending
 * requests this node would refuse. A stalled broker is shown but keeps the node ready: reads,
 * inbox pulls and acknowledgements still work, and submissions get a precise refusal.
 */
@Component("storageHealthIndicator")
class StorageReadiness implements HealthIndicator {

    private final StorageGuard guard;

    StorageReadiness(StorageGuard guard) {
        this.guard = guard;
    }

    @Override
    public Health health() {
        StorageGuard.Status status = guard.status();
        Health.Builder health = status.ready() ? Health.up() : Health.down();
        status.low().ifPresent(low -> health.withDetail("disk", low.describe()));
        status.storeProblem().ifPresent(problem -> health.withDetail("store", "unavailable"));
        status.outboxHead().ifPresent(head -> health.withDetail("outboxHeadWaitingSeconds", head.waiting().toSeconds()));
        return health.build();
    }
}
