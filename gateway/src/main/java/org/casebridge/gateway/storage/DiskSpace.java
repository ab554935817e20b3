package org.casebridge.gateway.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Free space of the directories the gateway writes to, against the watermark. A reading is one
 * statfs call per directory, kept for the check interval, so intake can ask on every request.
 */
final class DiskSpace {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DiskSpace.class);

    /** A directory below the watermark. */
    record Low(String name, Path path, long usable, long required) {
        String describe() {
            return "the " + name + " (" + path + ") has " + mb(usable) + " free, below the " + mb(required) + " the gateway keeps";
        }

        private static String mb(long bytes) {
            return bytes / (1024 * 1024) + " MB";
        }
    }

    private final Map<String, Path> locations;
    private final Watermark watermark;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private volatile Reading last;

    DiskSpace(Map<String, Path> locations, Watermark watermark, long intervalNanos, LongSupplier nanoTime) {
        this.locations = new LinkedHashMap<>(locations);
        this.watermark = watermark;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** The first watched directory below the watermark, if any. */
    Optional<Low> low() {
        Reading reading = last;
        long now = nanoTime.getAsLong();
        if (reading == null || now - reading.at() >= intervalNanos) {
            reading = new Reading(now, read());
            last = reading;
            reading.low().forEach(low -> log.warn("Refusing intake: {}", low.describe()));
        }
        return reading.low().stream().findFirst();
    }

    Map<String, Path> locations() {
        return locations;
    }

    private List<Low> read() {
        return locations.entrySet().stream().flatMap(location -> {
            try {
                FileStore store = Files.getFileStore(existing(location.getValue()));
                long usable = store.getUsableSpace();
                long required = watermark.requiredOf(store.getTotalSpace());
                return usable < required ? java.util.stream.Stream.of(new Low(location.getKey(), location.getValue(), usable, required))
                        : java.util.stream.Stream.empty();
            } catch (IOException e) {
                // A directory that cannot even be examined cannot be written to either.
                return java.util.stream.Stream.of(new Low(location.getKey(), location.getValue(), 0, 1));
            }
        }).toList();
    }

    /** The directory, or its nearest existing parent before it is first created. */
    private static Path existing(Path path) {
        Path candidate = path.toAbsolutePath();
        while (candidate != null && !Files.exists(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate == null ? path : candidate;
    }

    private record Reading(long at, List<Low> low) {
    }
}
