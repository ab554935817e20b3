package org.casebridge.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator: a JVM of its own that drives a running gateway over real sockets.
 *
 * <pre>
 * java -jar casebridge-bench.jar load --gateway http://127.0.0.1:8080 --keycloak http://127.0.0.1:8180 \
 *     --gateway-pid PID --scenarios e2e-2k,intake-2k --out DIR
 * </pre>
 *
 * Scenarios: {@code intake-<size>}, {@code e2e-<size>} (size such as 2k, 200k) and
 * {@code attachment-<size>} (the size comes from --attachment-size). End-to-end scenarios run
 * first, while every inbox is empty; intake scenarios leave their dispatches in the inboxes.
 * Exits 1 if any scenario had an unexpected answer or failed check.
 */
final class LoadGenerator {

    private LoadGenerator() {
    }

    static int main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        URI gatewayUri = URI.create(args.required("gateway"));
        String keycloak = args.required("keycloak");
        long pid = args.longValue("gateway-pid", -1);
        String pgPid = args.string("postgres-pid-file", null);
        List<String> scenarios = args.list("scenarios", List.of("e2e-2k", "e2e-200k", "intake-2k", "intake-200k"));
        ProcStats.clockTicks = args.longValue("clk-tck", 100);
        Settings settings = new Settings(
                args.integer("concurrency", 32),
                args.duration("warmup", Duration.ofSeconds(5)),
                args.duration("duration", Duration.ofSeconds(15)),
                args.duration("open-duration", Duration.ofSeconds(15)),
                args.longValue("count", 0),
                args.decimal("open-fraction", 0.5),
                args.duration("poll-interval", EndToEndScenario.pollDefault()),
                args.integer("ack-connections", 4),
                args.integer("sample-limit", 200),
                args.duration("settle-max", Duration.ofSeconds(90)),
                args.duration("handoff-timeout", Duration.ofSeconds(60)),
                args.size("attachment-size", 1L << 30),
                Path.of(args.required("out")),
                args.required("run-tag"),
                new AtomicInteger(args.integer("sequence-start", 0)));
        Duration readTimeout = args.duration("read-timeout", Duration.ofSeconds(120));
        args.requireAllUsed();

        List<String> ordered = new ArrayList<>(scenarios);
        ordered.sort(Comparator.comparingInt(LoadGenerator::order));
        List<Result> rows = new ArrayList<>();
        try (Tokens tokens = new Tokens(keycloak)) {
            Gateway gateway = new Gateway(gatewayUri.getHost(), gatewayUri.getPort(), pid,
                    pgPid == null ? null : Path.of(pgPid), tokens, readTimeout);
            double idle = gateway.idleCores(Duration.ofSeconds(2));
            System.out.printf("Gateway pid %d at %s; idle CPU %.2f cores; generator pid %d%n", pid, gatewayUri, idle,
                    ProcStats.selfPid());
            for (String scenario : ordered) {
                System.out.println("-- " + scenario);
                try {
                    rows.addAll(run(scenario, gateway, settings, idle));
                } catch (Exception e) {
                    Result broken = new Result(scenario, "run", "gateway", "did not complete");
                    broken.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
                    broken.put("completed", false);
                    broken.write(settings.out(), settings.nextSequence());
                    rows.add(broken);
                    e.printStackTrace();
                }
                if (!gateway.alive()) {
                    System.err.println("The gateway process is gone; stopping.");
                    break;
                }
            }
            if (tokens.lastRefreshError != null) {
                System.err.println("A token refresh failed: " + tokens.lastRefreshError);
            }
        }
        boolean ok = rows.stream().allMatch(Result::ok);
        return ok ? 0 : 1;
    }

    private static int order(String scenario) {
        if (scenario.startsWith("e2e-")) {
            return 0;
        }
        if (scenario.startsWith("intake-")) {
            return 1;
        }
        return 2;
    }

    private static List<Result> run(String scenario, Gateway gateway, Settings settings, double idle) throws Exception {
        if (scenario.startsWith("attachment")) {
            return new AttachmentScenario(gateway, settings).run("attachment-" + Settings.sizeLabel(settings.attachmentSize()));
        }
        int dash = scenario.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        String kind = scenario.substring(0, dash);
        String size = scenario.substring(dash + 1);
        return switch (kind) {
            case "intake" -> new IntakeScenario(gateway, settings, idle).run(scenario, (int) Args.parseSize(size));
            case "e2e" -> new EndToEndScenario(gateway, settings, idle).run(scenario, (int) Args.parseSize(size));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }
}
