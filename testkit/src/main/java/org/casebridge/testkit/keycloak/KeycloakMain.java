package org.casebridge.testkit.keycloak;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.casebridge.testkit.keycloak.KeycloakServer.Database;
import org.casebridge.testkit.keycloak.KeycloakServer.Options;

/**
 * Runs the demo Keycloak until it is killed:
 *
 * <pre>
 * java -cp testkit/target/classes:&lt;jackson, slf4j&gt; org.casebridge.testkit.keycloak.KeycloakMain \
 *     --port 8180 --db dev-file --data data/keycloak
 * </pre>
 *
 * Waits until the realm is ready, prints the issuer and the demo accounts, then stays until SIGTERM
 * or Ctrl-C, which stop Keycloak (shutdown hook). Exits with status 1 if Keycloak fails to start or
 * stops on its own.
 *
 * <p>Options: {@code --port} (8180), {@code --db dev-file|dev-mem} (dev-file), {@code --data DIR}
 * (dev-file only; default {@code <repository>/data/keycloak}), {@code --log FILE} (default
 * {@code <data>/keycloak-<port>.log}, or the build directory for dev-mem), {@code --realm FILE},
 * {@code --no-admin} (no temporary master-realm admin {@code admin}/{@code admin}),
 * {@code --timeout SECONDS} (180), {@code --gateway-url URL} (the gateway people sign in to the console of,
 * when it is not the demo's {@code http://127.0.0.1:8080}; needs the temporary admin).
 */
public final class KeycloakMain {

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: KeycloakMain [--port 8180] [--db dev-file|dev-mem] [--data DIR] [--log FILE]"
                    + " [--realm FILE] [--no-admin] [--timeout SECONDS] [--gateway-url URL]");
            System.exit(2);
            return;
        }

        KeycloakServer server;
        try {
            server = KeycloakServer.start(options);
        } catch (RuntimeException e) {
            System.err.println("Keycloak did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        String gatewayUrl = gatewayUrl(args);
        if (gatewayUrl != null) {
            // The realm lists the demo gateway at port 8080 only; one on another port registers its own.
            server.allowConsoleReturnTo(gatewayUrl);
        }
        printSummary(out, server, options);

        ProcessHandle keycloak = server.process().orElseThrow();
        keycloak.onExit().join();
        try {
            Thread.sleep(1000); // on Ctrl-C Keycloak may exit before the shutdown hook has marked it closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!server.isClosed()) {
            System.err.println("Keycloak stopped on its own. Last lines of its log:");
            System.err.println(KeycloakServer.tail(server.logFile().orElse(null)));
            server.close();
            System.exit(1);
        }
    }

    static Options parse(String[] args) {
        Options options = Options.defaults().withPort(8180).withDatabase(Database.DEV_FILE).withBootstrapAdmin(true);
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> options = options.withPort(Integer.parseInt(value(args, ++i, arg)));
                case "--db" -> options = options.withDatabase(Database.of(value(args, ++i, arg)));
                case "--data" -> data = Path.of(value(args, ++i, arg)).toAbsolutePath();
                case "--log" -> options = options.withLogFile(Path.of(value(args, ++i, arg)).toAbsolutePath());
                case "--realm" -> options = options.withRealmFile(Path.of(value(args, ++i, arg)).toAbsolutePath());
                case "--no-admin" -> options = options.withBootstrapAdmin(false);
                case "--timeout" -> options = options.withStartupTimeout(
                        java.time.Duration.ofSeconds(Long.parseLong(value(args, ++i, arg))));
                case "--gateway-url" -> value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (options.database() == Database.DEV_FILE) {
            if (data == null) {
                data = TestkitPaths.repositoryRoot().resolve("data").resolve("keycloak");
            }
            options = options.withDataDirectory(data);
            if (options.logFile() == null) {
                options = options.withLogFile(data.resolve("keycloak-" + options.port() + ".log"));
            }
        } else if (data != null) {
            throw new IllegalArgumentException("--data is only for --db dev-file");
        }
        return options;
    }

    /** The gateway whose console signs in through this Keycloak ({@code --gateway-url}), if named. */
    static String gatewayUrl(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--gateway-url")) {
                return args[i + 1].replaceAll("/+$", "");
            }
        }
        return null;
    }

        private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void printSummary(PrintStream out, KeycloakServer server, Options options) {
        String pid = server.process().map(p -> Long.toString(p.pid())).orElse("?");
        out.printf(Locale.ROOT, "%nKeycloak is ready after %.1f s (pid %s, %s, log %s)%n",
                server.startupTime().toMillis() / 1000.0, pid, options.database().option(),
                server.logFile().map(Path::toString).orElse("-"));
        if (options.database() == Database.DEV_FILE) {
            out.printf("  data            %s%n", options.dataDirectory());
        }
        out.printf("  issuer          %s%n", server.issuerUri());
        out.printf("  token endpoint  %s%n", server.tokenEndpoint());
        out.printf("  jwks            %s%n", server.jwksUri());
        if (options.bootstrapAdmin()) {
            out.printf("  admin console   %s/admin/  (admin / admin, temporary master-realm admin)%n",
                    server.baseUrl());
        }
        out.printf("  %s=%s%n", KeycloakServer.EXTERNAL_URL, server.baseUrl());

        out.printf("%nAgency systems (client credentials; demo secrets):%n");
        out.printf("  %-22s %-30s %s%n", "client id", "secret", "agency");
        for (CasebridgeRealm.Agency agency : CasebridgeRealm.AGENCIES) {
            out.printf("  %-22s %-30s %s%n", agency.clientId(), agency.secret(), agency.name());
        }
        out.printf("%nPeople (sign in through %s; demo passwords):%n", CasebridgeRealm.CONSOLE_CLIENT_ID);
        out.printf("  %-12s %-12s %-17s %-22s %s%n", "username", "password", "role", "agency_id", "name");
        for (CasebridgeRealm.Person person : CasebridgeRealm.PEOPLE) {
            out.printf("  %-12s %-12s %-17s %-22s %s%n", person.username(), person.password(), person.role(),
                    person.agency().orElse("-"), person.displayName());
        }
        out.printf("%nStop with Ctrl-C or SIGTERM.%n");
    }

    private KeycloakMain() {
    }
}
