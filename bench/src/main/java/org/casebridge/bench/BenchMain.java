package org.casebridge.bench;

import java.util.Arrays;

/**
 * {@code java -jar casebridge-bench.jar <command> [options]}, commands:
 * <ul>
 * <li>{@code load}: the load generator against a running gateway ({@link LoadGenerator});</li>
 * <li>{@code baselines}: PostgreSQL, Artemis and signing alone ({@link Baselines});</li>
 * <li>{@code report}: the table of a run's results ({@link Report}).</li>
 * </ul>
 * bench/run starts the services and calls these in order.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: casebridge-bench.jar load|baselines|report [options]  (see bench/README.md)");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int status;
        try {
            status = switch (args[0]) {
                case "load" -> LoadGenerator.main(rest);
                case "baselines" -> Baselines.main(rest);
                case "report" -> Report.main(rest);
                default -> {
                    System.err.println("unknown command " + args[0] + "; use load, baselines or report");
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            status = 2;
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        // Artemis and JDBC leave non-daemon threads behind; the figures are written.
        System.exit(status);
    }
}
