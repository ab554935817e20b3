package org.casebridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.type.TypeReference;

/**
 * Gathers the rows a run wrote (results/*.json) into one markdown table and one JSON document,
 * with the machine they were measured on and the ratios of the gateway to the baselines.
 */
final class Report {

    private Report() {
    }

    static int main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        Path results = Path.of(args.required("results"));
        Path markdown = Path.of(args.required("markdown"));
        Path json = Path.of(args.required("json"));
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("date", args.string("date", java.time.ZonedDateTime.now().toString()));
        machine.put("commit", args.string("commit", "unknown"));
        machine.put("cores", ProcStats.CORES);
        machine.put("cpuModel", cpuModel());
        machine.put("memoryGB", memoryGb());
        machine.put("jdk", args.string("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")));
        machine.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        String settings = args.string("settings", "");
        String title = args.string("title", "Casebridge benchmark");
        args.requireAllUsed();

        List<Map<String, Object>> rows = new ArrayList<>();
        if (Files.isDirectory(results)) {
            try (Stream<Path> files = Files.list(results)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    rows.add(Result.JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { }));
                }
            }
        }
        rows.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        List<Map<String, Object>> ratios = ratios(rows);

        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %s cores, %s, %s GB; JDK %s; %s; %s; commit %s%n%n",
                machine.get("cores"), machine.get("cpuModel"), machine.get("memoryGB"), machine.get("jdk"), machine.get("kernel"),
                machine.get("date"), machine.get("commit")));
        if (!settings.isBlank()) {
            md.append("Settings: ").append(settings).append("\n\n");
        }
        md.append("| scenario | phase | msg/s | MB/s | p50 ms | p99 ms | max ms | gateway CPU | PostgreSQL CPU | generator CPU "
                + "| machine CPU | others' CPU | gateway peak RSS MB (VmHWM) | PostgreSQL RSS MB | result |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> row : rows) {
            Map<String, Object> lat = map(row.get("latencyMs"));
            Map<String, Object> cpu = map(row.get("cpuCores"));
            Map<String, Object> mem = map(row.get("memory"));
            Double perSecond = num(row.get("perSecond"));
            Double payload = num(row.get("payloadBytes"));
            Double mbps = num(row.get("megabytesPerSecond"));
            if (mbps == null && perSecond != null && payload != null && payload > 0) {
                mbps = perSecond * payload / 1048576.0;
            }
            String rss = fmt(mem.get("gatewayPeakRssMB"), 0);
            if (mem.get("gatewayVmHwmMB") != null) {
                rss += " (" + fmt(mem.get("gatewayVmHwmMB"), 0) + ")";
            }
            md.append("| ").append(row.get("name")).append(" | ").append(row.get("phase"))
                    .append(" | ").append(fmt(perSecond, 1))
                    .append(" | ").append(fmt(mbps, 1))
                    .append(" | ").append(fmt(lat.get("p50"), 2))
                    .append(" | ").append(fmt(lat.get("p99"), 2))
                    .append(" | ").append(fmt(lat.get("max"), 2))
                    .append(" | ").append(fmt(cpu.get("gateway"), 2))
                    .append(" | ").append(fmt(cpu.get("postgres"), 2))
                    .append(" | ").append(fmt(cpu.get("generator"), 2))
                    .append(" | ").append(fmt(cpu.get("machine"), 2))
                    .append(" | ").append(fmt(cpu.get("others"), 2))
                    .append(" | ").append(rss)
                    .append(" | ").append(fmt(mem.get("postgresPeakRssSumMB"), 0))
                    .append(" | ").append(Boolean.TRUE.equals(row.get("ok")) ? "ok" : "**FAILED**")
                    .append(" |\n");
        }
        md.append("\nCPU in cores used on average over the measured window (CPU seconds / wall seconds; ")
                .append(machine.get("cores")).append(" cores in all). Baseline rows: the baseline JVM, which also hosts the ")
                .append("embedded broker and the signing, is under \"generator CPU\"; its embedded PostgreSQL under \"PostgreSQL CPU\". ")
                .append("\"others' CPU\" is the machine's total less the processes measured: load from elsewhere on the machine.\n");

        if (!ratios.isEmpty()) {
            md.append("\n| ratio (throughput, closed loop) | value | gateway msg/s | baseline msg/s |\n|---|---:|---:|---:|\n");
            for (Map<String, Object> r : ratios) {
                md.append("| ").append(r.get("ratio")).append(" | ").append(fmt(r.get("value"), 3)).append(" | ")
                        .append(fmt(r.get("gateway"), 1)).append(" | ").append(fmt(r.get("baseline"), 1)).append(" |\n");
            }
        }

        md.append("\nDetails:\n\n");
        for (Map<String, Object> row : rows) {
            md.append("- **").append(row.get("name")).append(" ").append(row.get("phase")).append("**: ")
                    .append(row.get("description"));
            if (row.get("count") != null) {
                md.append("; ").append(row.get("count")).append(" in ").append(fmt(row.get("seconds"), 1)).append(" s");
            }
            Map<String, Object> details = map(row.get("details"));
            if (!details.isEmpty()) {
                md.append("; ").append(details);
            }
            Map<String, Object> failures = map(row.get("failures"));
            if (!failures.isEmpty()) {
                md.append("; **failures** ").append(failures);
            }
            Object notes = row.get("notes");
            if (notes instanceof List<?> list && !list.isEmpty()) {
                md.append("; notes: ").append(String.join("; ", list.stream().map(String::valueOf).toList()));
            }
            md.append("\n");
        }

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("title", title);
        document.put("machine", machine);
        document.put("settings", settings);
        document.put("rows", rows);
        document.put("ratios", ratios);
        Files.createDirectories(markdown.toAbsolutePath().getParent());
        Files.writeString(markdown, md.toString());
        Files.writeString(json, Result.JSON.writeValueAsString(document));
        System.out.println();
        System.out.println(md);
        System.out.println("Written to " + markdown + " and " + json);
        boolean ok = !rows.isEmpty() && rows.stream().allMatch(r -> Boolean.TRUE.equals(r.get("ok")));
        return ok ? 0 : 1;
    }

    private static int rank(Map<String, Object> row) {
        String name = String.valueOf(row.get("name"));
        String phase = String.valueOf(row.get("phase"));
        int kind = name.startsWith("intake-") ? 0 : name.startsWith("e2e-") ? 1 : name.startsWith("attachment-") ? 2
                : name.startsWith("pg-insert") ? 3 : name.startsWith("artemis") ? 4 : name.startsWith("pg+artemis") ? 5 : 6;
        int size = name.endsWith("200k") ? 1 : 0;
        int ph = switch (phase) {
            case "closed", "upload" -> 0;
            case "open", "download" -> 1;
            default -> 2;
        };
        return kind * 100 + size * 10 + ph;
    }

    private static List<Map<String, Object>> ratios(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        Double sign = rate(rows, "sign-jws", "closed");
        for (String size : List.of("2k", "200k")) {
            Double intake = rate(rows, "intake-" + size, "closed");
            if (intake == null) {
                continue;
            }
            add(out, "gateway intake-" + size + " / baseline pg+artemis-" + size + " (insert + durable send + receive)",
                    intake, rate(rows, "pg+artemis-" + size, "closed"));
            add(out, "gateway intake-" + size + " / PostgreSQL insert pg-insert-" + size, intake, rate(rows, "pg-insert-" + size, "closed"));
            add(out, "gateway intake-" + size + " / signing sign-jws", intake, sign);
        }
        for (String size : List.of("2k", "200k")) {
            Double e2e = rate(rows, "e2e-" + size, "closed");
            if (e2e != null) {
                add(out, "gateway e2e-" + size + " handoffs / baseline pg+artemis-" + size, e2e, rate(rows, "pg+artemis-" + size, "closed"));
            }
        }
        return out;
    }

    private static void add(List<Map<String, Object>> out, String name, Double gateway, Double baseline) {
        if (gateway == null || baseline == null || baseline == 0) {
            return;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ratio", name);
        r.put("value", Result.round(gateway / baseline, 4));
        r.put("gateway", gateway);
        r.put("baseline", baseline);
        out.add(r);
    }

    private static Double rate(List<Map<String, Object>> rows, String name, String phase) {
        for (Map<String, Object> row : rows) {
            if (name.equals(row.get("name")) && phase.equals(row.get("phase"))) {
                return num(row.get("perSecond"));
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    private static String fmt(Object value, int places) {
        Double d = num(value);
        if (d == null) {
            return "–";
        }
        return String.format(Locale.ROOT, "%." + places + "f", d);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "unknown CPU";
    }

    private static String memoryGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f", kb / 1048576.0);
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "?";
    }
}
