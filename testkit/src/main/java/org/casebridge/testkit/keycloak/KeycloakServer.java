package org.casebridge.testkit.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak with the {@code casebridge} realm, for tests and the demo.
 *
 * <p>Keycloak runs as a separate process ({@code bin/kc.sh start-dev}) from the distribution the
 * build unpacked from Maven Central, listening on 127.0.0.1 only, with the realm imported from
 * {@code docker/keycloak/casebridge-realm.json}. Every test instance uses {@code --db=dev-mem}, so
 * no two runs share state. {@link Database#DEV_FILE} (the demo) runs from a private copy of the
 * distribution inside its data directory: Keycloak bakes the database kind into the distribution
 * ("re-augmentation"), and a shared distribution flipping between dev-mem and dev-file would be
 * rebuilt underneath a running instance.
 *
 * <p>{@link #shared()} starts one instance per JVM, or uses an already running Keycloak when
 * {@value #EXTERNAL_URL} is set (system property or environment variable), e.g.
 * {@code http://127.0.0.1:8180}.
 */
public final class KeycloakServer implements AutoCloseable {

    /** System property or environment variable naming an already running Keycloak to use instead. */
    public static final String EXTERNAL_URL = "CASEBRIDGE_KEYCLOAK_URL";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private static final Logger log = LoggerFactory.getLogger(KeycloakServer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LOOPBACK = "127.0.0.1";
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration EXTERNAL_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Object SHARED_LOCK = new Object();
    private static final Object START_LOCK = new Object();
    private static volatile KeycloakServer shared;

    /** The H2 database modes of {@code kc.sh start-dev}. */
    public enum Database {
        /** In memory; gone when the process ends. For tests. */
        DEV_MEM("dev-mem"),
        /** H2 files under {@link Options#dataDirectory()}; survives restarts. For the demo. */
        DEV_FILE("dev-file");

        private final String option;

        Database(String option) {
            this.option = option;
        }

        /** The value of Keycloak's {@code --db} option. */
        public String option() {
            return option;
        }

        public static Database of(String option) {
            for (Database database : values()) {
                if (database.option.equalsIgnoreCase(option) || database.name().equalsIgnoreCase(option)) {
                    return database;
                }
            }
            throw new IllegalArgumentException("unknown database mode " + option + "; use dev-mem or dev-file");
        }
    }

    /**
     * How to start Keycloak. {@code port} 0 picks a free loopback port; null paths mean the defaults
     * (log {@code <build dir>/keycloak-<port>.log}, the repository's realm file, the unpacked
     * distribution).
     *
     * @param dataDirectory required for {@link Database#DEV_FILE}: holds the H2 files
     *     ({@code <dir>/data/h2/keycloakdb.mv.db}), the transaction logs and the private copy of
     *     the distribution
     * @param realmFile an export of the {@code casebridge} realm; default the repository's
     * @param bootstrapAdmin create the temporary master-realm admin {@code admin}/{@code admin}
     *     (admin console); off for tests
     */
    public record Options(int port, Database database, Path dataDirectory, Path logFile, Path realmFile,
            Path keycloakHome, boolean bootstrapAdmin, Duration startupTimeout) {

        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            Objects.requireNonNull(database, "database");
            startupTimeout = startupTimeout == null ? DEFAULT_STARTUP_TIMEOUT : startupTimeout;
        }

        /** A free port, dev-mem, default paths, no admin user, 180 s to become ready. */
        public static Options defaults() {
            return new Options(0, Database.DEV_MEM, null, null, null, null, false, DEFAULT_STARTUP_TIMEOUT);
        }

        public Options withPort(int port) {
            return new Options(port, database, dataDirectory, logFile, realmFile, keycloakHome, bootstrapAdmin,
                    startupTimeout);
        }

        public Options withDatabase(Database database) {
            return new Options(port, database, dataDirectory, logFile, realmFile, keycloakHome, bootstrapAdmin,
                    startupTimeout);
        }

        public Options withDataDirectory(Path dataDirectory) {
            return new Options(port, database, dataDirectory, logFile, realmFile, keycloakHome, bootstrapAdmin,
                    startupTimeout);
        }

        public Options withLogFile(Path logFile) {
            return new Options(port, database, dataDirectory, logFile, realmFile, keycloakHome, bootstrapAdmin,
                    startupTimeout);
        }

        public Options withRealmFile(Path realmFile) {
            return new Options(port, database, dataDirectory, logFile, realmFile, keycloakHome, bootstrapAdmin,
                    startupTimeout);
        }

        public Options withKeycloakHome(Path keycloakHome) {
            return new Options(port, database, dataDirectory, logFile, realmFile, keycloakHome, bootstrapAdmin,
                    startupTimeout);
        }

        public Options withBootstrapAdmin(boolean bootstrapAdmin) {
            return new Options(port, database, dataDirectory, logFile, realmFile, keycloakHome, bootstrapAdmin,
                    startupTimeout);
        }

        public Options withStartupTimeout(Duration startupTimeout) {
            return new Options(port, database, dataDirectory, logFile, realmFile, keycloakHome, bootstrapAdmin,
                    startupTimeout);
        }
    }

    private final URI baseUri;
    private final int port;
    private final String issuer;
    private final String tokenEndpoint;
    private final String jwksUri;
    private final Process process;
    private final Path logFile;
    private final Path scratch;
    private final Duration startupTime;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private KeycloakServer(URI baseUri, int port, JsonNode discovery, Process process, Path logFile, Path scratch,
            Duration startupTime, HttpClient http) {
        this.baseUri = baseUri;
        this.port = port;
        this.issuer = required(discovery, "issuer");
        this.tokenEndpoint = required(discovery, "token_endpoint");
        this.jwksUri = required(discovery, "jwks_uri");
        this.process = process;
        this.logFile = logFile;
        this.scratch = scratch;
        this.startupTime = startupTime;
        this.http = http;
        if (process != null) {
            this.shutdownHook = new Thread(this::close, "keycloak-" + port + "-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    // ------------------------------------------------------------------ starting

    /**
     * The Keycloak of this JVM: the one named by {@value #EXTERNAL_URL} if set, otherwise one started
     * on first use (free port, dev-mem) and stopped by a shutdown hook. Later calls return the same
     * instance.
     */
    public static KeycloakServer shared() {
        synchronized (SHARED_LOCK) {
            KeycloakServer current = shared;
            if (current == null || current.closed.get()) {
                Optional<String> external = externalUrl();
                // With the temporary master-realm admin: test gateways register their own return addresses.
                current = external.isPresent() ? connect(external.get()) : start(Options.defaults().withBootstrapAdmin(true));
                shared = current;
            }
            return current;
        }
    }

    /**
     * Uses a Keycloak that is already running (e.g. the demo's) at {@code baseUrl}, such as
     * {@code http://127.0.0.1:8180}. Waits up to 60 s for its {@code casebridge} realm. {@link #close()}
     * leaves it running.
     */
    public static KeycloakServer connect(String baseUrl) {
        URI base = URI.create(baseUrl.strip().replaceAll("/+$", ""));
        int port = base.getPort() != -1 ? base.getPort() : "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
        HttpClient http = httpClient();
        Instant begin = Instant.now();
        JsonNode discovery;
        try {
            discovery = awaitReady(http, base, null, null, EXTERNAL_READY_TIMEOUT);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        log.info("Using the running Keycloak at {}", base);
        return new KeycloakServer(base, port, discovery, null, null, null, Duration.between(begin, Instant.now()),
                http);
    }

    /** Starts a Keycloak process of its own; {@link #close()} stops it. */
    public static KeycloakServer start(Options options) {
        Options o = options == null ? Options.defaults() : options;
        Path sharedHome = o.keycloakHome() != null ? o.keycloakHome().toAbsolutePath() : TestkitPaths.keycloakHome();
        if (!TestkitPaths.isDistribution(sharedHome)) {
            throw new IllegalStateException(sharedHome + " is not a Keycloak distribution (no bin/kc.sh)");
        }
        Path realmFile = o.realmFile() != null ? o.realmFile().toAbsolutePath() : TestkitPaths.realmFile();
        if (!Files.isRegularFile(realmFile)) {
            throw new IllegalStateException("No realm file at " + realmFile);
        }
        int port = o.port() > 0 ? requireFreePort(o.port()) : freePort();
        Path logFile = (o.logFile() != null ? o.logFile() : TestkitPaths.buildDirectory()
                .resolve("keycloak-" + port + ".log")).toAbsolutePath();
        try {
            Files.createDirectories(logFile.getParent());
            Path home;
            Path stateDir;
            Path scratch;
            if (o.database() == Database.DEV_FILE) {
                if (o.dataDirectory() == null) {
                    throw new IllegalArgumentException("dev-file needs a data directory");
                }
                stateDir = Files.createDirectories(o.dataDirectory().toAbsolutePath());
                home = privateDistribution(sharedHome, stateDir);
                scratch = null;
            } else {
                home = sharedHome;
                stateDir = Files.createTempDirectory("casebridge-keycloak-" + port + "-");
                scratch = stateDir;
            }
            synchronized (START_LOCK) {
                Path lockFile = Files.createDirectories(home.resolve("data")).resolve(".casebridge-start.lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                    // Held until ready: the first start of a distribution rebuilds it, and two JVMs
                    // must not do that at the same time.
                    installRealm(home, realmFile);
                    return launch(o, home, stateDir, scratch, port, logFile);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Keycloak", e);
        }
    }

    private static KeycloakServer launch(Options o, Path home, Path stateDir, Path scratch, int port, Path logFile)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh", home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                "--http-host=" + LOOPBACK,
                "--http-port=" + port,
                // Fixed, so that the issuer is the same whichever name a client used.
                "--hostname=http://" + LOOPBACK + ":" + port,
                "--import-realm",
                "--db=" + o.database().option()));
        if (o.database() == Database.DEV_FILE) {
            // Keycloak's dev-file URL is jdbc:h2:file:<db-url-path>/data/h2/keycloakdb
            command.add("--db-url-path=" + stateDir);
        }
        command.add("-Dquarkus.transaction-manager.object-store.directory=" + stateDir.resolve("transaction-logs"));

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("QUARKUS_") || name.equals("JAVA")
                || name.startsWith("JAVA_OPTS") || name.equals("JAVA_ADD_OPENS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // Quiets jboss-threads on JDK 24+ (it wants to reset thread locals).
        env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        if (o.bootstrapAdmin()) {
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        }

        log.info("Starting Keycloak on {}:{} ({}), log {}", LOOPBACK, port, o.database().option(), logFile);
        Instant begin = Instant.now();
        Process process = builder.start();
        process.getOutputStream().close();
        URI base = URI.create("http://" + LOOPBACK + ":" + port);
        HttpClient http = httpClient();
        try {
            JsonNode discovery = awaitReady(http, base, process, logFile, o.startupTimeout());
            Duration took = Duration.between(begin, Instant.now());
            log.info("Keycloak ready at {} in {} ms (pid {})", base, took.toMillis(), process.pid());
            return new KeycloakServer(base, port, discovery, process, logFile, scratch, took, http);
        } catch (RuntimeException | Error e) {
            stopProcessTree(process.toHandle());
            if (scratch != null) {
                deleteRecursively(scratch);
            }
            http.close();
            throw e;
        }
    }

    /** Polls the realm's discovery document until it answers 200; fails fast if the process exits. */
    private static JsonNode awaitReady(HttpClient http, URI base, Process process, Path logFile, Duration timeout) {
        URI wellKnown = URI.create(base + "/realms/" + CasebridgeRealm.NAME + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(timeout);
        String lastAnswer = "no answer";
        while (true) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with status " + process.exitValue()
                        + " before it was ready. Last lines of " + logFile + ":\n" + tail(logFile));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(wellKnown)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
                lastAnswer = "HTTP " + response.statusCode();
            } catch (IOException | JacksonException e) {
                lastAnswer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak at " + base, e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Keycloak at " + base + " was not ready within " + timeout.toSeconds()
                        + " s (" + wellKnown + ": " + lastAnswer + ")"
                        + (logFile == null ? "" : ". Last lines of " + logFile + ":\n" + tail(logFile)));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak at " + base, e);
            }
        }
    }

    // ------------------------------------------------------------------ what it offers

    /** {@code http://127.0.0.1:<port>/realms/casebridge}, exactly as it appears in {@code iss}. */
    public String issuerUri() {
        return issuer;
    }

    /** The realm's token endpoint. */
    public String tokenEndpoint() {
        return tokenEndpoint;
    }

    /** The realm's signing keys. */
    public String jwksUri() {
        return jwksUri;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return baseUri.toString();
    }

    public int port() {
        return port;
    }

    /** The Keycloak process this instance started; empty for a {@linkplain #connect connected} one. */
    public Optional<ProcessHandle> process() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /** Where the Keycloak process writes its output; empty for a connected one. */
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    /** From launch until the realm answered (for a connected one: until it was found). */
    public Duration startupTime() {
        return startupTime;
    }

    /** A raw access token for an agency system (client credentials grant). */
    public String clientToken(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return requestToken(form, "client credentials token for " + clientId);
    }

    /** A raw access token for a person (password grant through {@code casebridge-console}). */
    public String passwordToken(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CasebridgeRealm.CONSOLE_CLIENT_ID);
        form.put("client_secret", CasebridgeRealm.CONSOLE_CLIENT_SECRET);
        form.put("username", username);
        form.put("password", password);
        return requestToken(form, "password token for " + username);
    }

    /** Where the console client sends people back after sign-in, for a gateway at {@code gatewayBaseUrl}. */
    public static String consoleRedirectUri(String gatewayBaseUrl) {
        return gatewayBaseUrl + "/login/oauth2/code/keycloak";
    }

    /**
     * Adds one gateway's exact sign-in return address ({@link #consoleRedirectUri}) and its
     * post-logout address ({@code <base>/console}) to the console client, through the admin API
     * with the temporary master-realm admin ({@code admin}/{@code admin}). The realm file lists
     * only the demo's own gateway; a test gateway on a port of its own registers that port, and
     * Keycloak refuses every other return address.
     */
    public synchronized void allowConsoleReturnTo(String gatewayBaseUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "admin-cli");
        form.put("username", "admin");
        form.put("password", "admin");
        String adminToken = requestToken(form, "master-realm admin token", baseUri + "/realms/master/protocol/openid-connect/token");
        String clients = baseUri + "/admin/realms/" + CasebridgeRealm.NAME + "/clients";
        JsonNode found = JSON.readTree(admin("GET", clients + "?clientId=" + CasebridgeRealm.CONSOLE_CLIENT_ID, adminToken, null));
        tools.jackson.databind.node.ObjectNode client = (tools.jackson.databind.node.ObjectNode) found.get(0);
        String redirect = consoleRedirectUri(gatewayBaseUrl);
        tools.jackson.databind.node.ArrayNode redirects = (tools.jackson.databind.node.ArrayNode) client.get("redirectUris");
        boolean known = false;
        for (JsonNode uri : redirects) {
            known |= uri.stringValue().equals(redirect);
        }
        if (known) {
            return;
        }
        redirects.add(redirect);
        tools.jackson.databind.node.ObjectNode attributes = (tools.jackson.databind.node.ObjectNode) client.get("attributes");
        String logout = attributes.path("post.logout.redirect.uris").asString("");
        attributes.put("post.logout.redirect.uris", (logout.isEmpty() ? "" : logout + "##") + gatewayBaseUrl + "/console");
        admin("PUT", clients + "/" + client.get("id").stringValue(), adminToken, client.toString());
    }

    private String admin(String method, String url, String token, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Keycloak's admin API refused " + method + " " + url + ": "
                        + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + url, e);
        }
    }

    private String requestToken(Map<String, String> form, String what) {
        return requestToken(form, what, tokenEndpoint);
    }

    private String requestToken(Map<String, String> form, String what, String tokenEndpoint) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach " + tokenEndpoint + " for a " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking for a " + what, e);
        }
        if (response.statusCode() == 200) {
            JsonNode token = JSON.readTree(response.body()).path("access_token");
            if (token.isString()) {
                return token.stringValue();
            }
        }
        throw new TokenRequestException("Keycloak refused a " + what, response.statusCode(), response.body());
    }

    /**
     * The claims of a JWT, decoded without checking the signature: for looking at tokens in tests,
     * never for trusting them.
     */
    public static JsonNode decodeClaims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a JWT");
        }
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    // ------------------------------------------------------------------ stopping

    /**
     * Stops the Keycloak this instance started: its descendants (kc.sh starts a java child), then the
     * script, by PID, waiting until they have exited. Does nothing for a connected Keycloak.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and finds this instance closed
            }
        }
        if (process != null) {
            log.info("Stopping Keycloak on port {} (pid {})", port, process.pid());
            stopProcessTree(process.toHandle());
        }
        if (scratch != null) {
            deleteRecursively(scratch);
        }
        http.close();
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed.get();
    }

    static void stopProcessTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        root.destroy();
        tree.add(root);
        Instant deadline = Instant.now().plus(STOP_GRACE);
        for (ProcessHandle handle : tree) {
            awaitExit(handle, Duration.between(Instant.now(), deadline));
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                log.warn("Process {} did not stop within {} s; killing it", handle.pid(), STOP_GRACE.toSeconds());
                handle.destroyForcibly();
                awaitExit(handle, Duration.ofSeconds(10));
            }
        }
    }

    private static void awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // checked by the caller
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String required(JsonNode discovery, String field) {
        JsonNode value = discovery.path(field);
        if (!value.isString()) {
            throw new IllegalStateException("The realm's discovery document has no " + field + ": " + discovery);
        }
        return value.stringValue();
    }

    private static Optional<String> externalUrl() {
        String value = System.getProperty(EXTERNAL_URL);
        if (value == null || value.isBlank()) {
            value = System.getenv(EXTERNAL_URL);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + LOOPBACK, e);
        }
    }

    private static int requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + LOOPBACK + " is already in use", e);
        }
    }

    /** Puts the realm file into {@code <home>/data/import}, replacing it atomically when it changed. */
    private static void installRealm(Path home, Path realmFile) throws IOException {
        Path importDir = Files.createDirectories(home.resolve("data").resolve("import"));
        // Always the same name, so that another realm file never stays behind in a shared distribution.
        Path target = importDir.resolve(CasebridgeRealm.NAME + "-realm.json");
        byte[] content = Files.readAllBytes(realmFile);
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        Path temp = Files.createTempFile(importDir, ".realm-", ".tmp");
        Files.write(temp, content);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A copy of the distribution inside {@code dataDir}, made once. A dev-file Keycloak rebuilds its
     * distribution for dev-file; doing that in the shared one would pull it from under the tests.
     */
    private static Path privateDistribution(Path sharedHome, Path dataDir) throws IOException {
        Path home = dataDir.resolve(sharedHome.getFileName().toString());
        Path marker = home.resolve(".casebridge-copy-complete");
        if (Files.isRegularFile(marker)) {
            return home;
        }
        if (Files.exists(home)) {
            deleteRecursively(home);
        }
        log.info("Copying the Keycloak distribution to {}", home);
        Path skip = sharedHome.resolve("data");
        Files.walkFileTree(sharedHome, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(skip)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(home.resolve(sharedHome.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, home.resolve(sharedHome.relativize(file).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
        Files.writeString(marker, "copied from " + sharedHome + "\n");
        return home;
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", root, e.toString());
        }
    }

    /** The last lines of a log file, for error messages. */
    static String tail(Path file) {
        if (file == null) {
            return "";
        }
        try {
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "KeycloakServer[%s%s]", baseUri,
                process == null ? ", external" : ", pid " + process.pid());
    }
}
