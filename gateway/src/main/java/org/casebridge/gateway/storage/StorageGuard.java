package org.casebridge.gateway.storage;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.gateway.GatewayProperties;
import org.casebridge.gateway.routing.OutboxBacklog;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Asked before intake accepts anything: is there room to keep it, and will it be delivered?
 * Watches the data directory (embedded PostgreSQL), the attachment store and the embedded broker's
 * journal against {@code casebridge.storage.min-free-space}, and the outbox against
 * {@code casebridge.storage.max-delivery-stall}.
 */
@Service
@EnableConfigurationProperties(StorageProperties.class)
public class StorageGuard {

    private final DiskSpace disk;
    private final DeliveryStall stall;
    private final StoreProbe store;
    private final StoreFailures failures;
    private final StorageProperties properties;

    StorageGuard(StorageProperties properties, GatewayProperties gateway, Environment environment, JdbcClient jdbc,
            OutboxBacklog backlog) {
        long interval = properties.checkInterval().toNanos();
        this.properties = properties;
        this.disk = new DiskSpace(locations(gateway, environment), Watermark.parse(properties.minFreeSpace()), interval, System::nanoTime);
        this.stall = new DeliveryStall(backlog, interval, System::nanoTime);
        this.store = new StoreProbe(jdbc, interval, System::nanoTime);
        this.failures = new StoreFailures(properties.retryAfter(), properties.fullRetryAfter());
    }

    /** A new message may be recorded: every disk above the watermark, and the broker taking dispatches. */
    public void requireRoomForMessage() {
        requireRoom();
        if (!properties.maxDeliveryStall().isZero()) {
            stall.current().filter(s -> s.waiting().compareTo(properties.maxDeliveryStall()) > 0).ifPresent(s -> {
                throw new GatewayRejection(Reason.DELIVERY_STALLED, "the gateway has delivered nothing for "
                        + s.waiting().toSeconds() + " s (its broker takes no dispatch); nothing was accepted, send it again later",
                        null, properties.retryAfter());
            });
        }
    }

    /**
     * Attachment content may be written: every disk above the watermark. Asked again while a large
     * upload streams in, so one upload cannot eat the space the database needs.
     */
    public void requireRoom() {
        disk.low().ifPresent(low -> {
            throw new GatewayRejection(Reason.STORAGE_FULL, "the gateway's storage is (nearly) full; nothing was accepted, "
                    + "send it again later", null, properties.fullRetryAfter());
        });
    }

    /**
     * The refusal for a failure while keeping something, if it is a storage failure (and the
     * readiness probe learns of it at once).
     */
    public Optional<GatewayRejection> refusalFor(Throwable failure) {
        Optional<GatewayRejection> refusal = failures.classify(failure);
        refusal.filter(r -> r.reason() == Reason.STORE_UNAVAILABLE).ifPresent(r -> store.failed(String.valueOf(failure.getMessage())));
        return refusal;
    }

    /** What the readiness probe reports: why the gateway cannot keep anything now, if it cannot. */
    Status status() {
        Optional<DiskSpace.Low> low = disk.low();
        Optional<String> storeProblem = store.problem();
        Optional<DeliveryStall.Stalled> stalled = storeProblem.isPresent() ? Optional.empty() : stall.current();
        return new Status(low, storeProblem, stalled, disk.locations());
    }

    record Status(Optional<DiskSpace.Low> low, Optional<String> storeProblem, Optional<DeliveryStall.Stalled> outboxHead,
            Map<String, Path> watched) {
        boolean ready() {
            return low.isEmpty() && storeProblem.isEmpty();
        }
    }

    private static Map<String, Path> locations(GatewayProperties gateway, Environment environment) {
        Map<String, Path> locations = new LinkedHashMap<>();
        locations.put("data directory", gateway.dataDir().toAbsolutePath().normalize());
        String attachments = environment.getProperty("casebridge.attachments.dir");
        locations.put("attachment store", attachments == null || attachments.isBlank()
                ? gateway.dataPath("attachments") : Path.of(attachments).toAbsolutePath().normalize());
        boolean embeddedBroker = !"native".equalsIgnoreCase(environment.getProperty("spring.artemis.mode", "embedded"))
                && environment.getProperty("spring.artemis.embedded.enabled", Boolean.class, true)
                && environment.getProperty("spring.artemis.embedded.persistent", Boolean.class, false);
        String journal = environment.getProperty("spring.artemis.embedded.data-directory");
        if (embeddedBroker && journal != null && !journal.isBlank()) {
            locations.put("broker journal", Path.of(journal).toAbsolutePath().normalize());
        }
        return locations;
    }
}
