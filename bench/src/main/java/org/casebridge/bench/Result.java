package org.casebridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * One row of the results table: a scenario phase or a baseline, with everything measured for it.
 * Written as one JSON file per row; {@code report} gathers them.
 */
final class Result {

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    /**
     * @param name     row name, e.g. {@code intake-2k}
     * @param phase    {@code closed}, {@code open}, {@code run}
     * @param kind     {@code gateway} or {@code baseline}
     */
    Result(String name, String phase, String kind, String description) {
        fields.put("name", name);
        fields.put("phase", phase);
        fields.put("kind", kind);
        fields.put("description", description);
    }

    String name() {
        return (String) fields.get("name");
    }

    Result put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    Result extra(String key, Object value) {
        synchronized (extra) {
            extra.put(key, value);
        }
        return this;
    }

    /** An unexpected answer or error, by kind ("HTTP 500 STORE_UNAVAILABLE", "no jws in 201", "IOException"). */
    void fail(String what) {
        failures.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    long failureCount() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void note(String note) {
        synchronized (notes) {
            notes.add(note);
        }
    }

    Result throughput(long count, double seconds) {
        fields.put("count", count);
        fields.put("seconds", round(seconds, 3));
        fields.put("perSecond", seconds > 0 ? round(count / seconds, 2) : null);
        return this;
    }

    Result latency(Latencies.Summary s) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("count", s.count());
        l.put("p50", round(s.p50(), 3));
        l.put("p90", round(s.p90(), 3));
        l.put("p99", round(s.p99(), 3));
        l.put("p999", round(s.p999(), 3));
        l.put("max", round(s.max(), 3));
        l.put("mean", round(s.mean(), 3));
        fields.put("latencyMs", l);
        return this;
    }

    /** @param baseline the window's "gateway" is the baseline JVM itself: not reported as a gateway */
    Result usage(ProcStats.Usage u, boolean baseline) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("gateway", baseline ? null : round(u.gatewayCores(), 3));
        cpu.put("postgres", round(u.childCores(), 3));
        cpu.put("generator", round(u.selfCores(), 3));
        cpu.put("machine", round(u.machineCores(), 3));
        Double other = baseline
                ? (Double.isNaN(u.machineCores()) ? null : Math.max(0, u.machineCores() - u.selfCores() - nz(u.childCores())))
                : u.otherCores();
        cpu.put("others", round(other, 3));
        cpu.put("windowSeconds", round(u.wallSeconds(), 3));
        fields.put("cpuCores", cpu);
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("gatewayPeakRssMB", baseline ? null : mb(u.gatewayPeakRssKb()));
        mem.put("gatewayVmHwmMB", baseline ? null : mb(u.gatewayHwmKb()));
        mem.put("postgresPeakRssSumMB", mb(u.childPeakRssKb()));
        fields.put("memory", mem);
        return this;
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }

    private static Double mb(Long kb) {
        return kb == null ? null : round(kb / 1024.0, 1);
    }

    static Double round(Double value, int places) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    boolean ok() {
        return failureCount() == 0 && !Boolean.FALSE.equals(fields.get("completed"));
    }

    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        Map<String, Long> f = new TreeMap<>();
        failures.forEach((k, v) -> f.put(k, v.get()));
        out.put("failures", f);
        out.put("ok", ok());
        synchronized (extra) {
            out.put("details", new LinkedHashMap<>(extra));
        }
        synchronized (notes) {
            out.put("notes", new ArrayList<>(notes));
        }
        return out;
    }

    /** Writes {@code <dir>/<seq>-<name>-<phase>.json} and prints a one-line summary. */
    void write(Path dir, int seq) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(String.format("%02d-%s-%s.json", seq, name(), fields.get("phase")));
            Files.writeString(file, JSON.writeValueAsString(toMap()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(summaryLine());
    }

    String summaryLine() {
        @SuppressWarnings("unchecked")
        Map<String, Object> l = (Map<String, Object>) fields.getOrDefault("latencyMs", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) fields.getOrDefault("cpuCores", Map.of());
        return String.format("== %-14s %-6s %10s msg/s  p50 %s ms  p99 %s ms  max %s ms  gw %s  pg %s  gen %s  machine %s cores  %s",
                name(), fields.get("phase"), fields.get("perSecond"), l.get("p50"), l.get("p99"), l.get("max"),
                c.get("gateway"), c.get("postgres"), c.get("generator"), c.get("machine"),
                ok() ? "OK" : "FAILED " + toMap().get("failures"));
    }
}
