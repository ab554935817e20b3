package org.casebridge.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.casebridge.gateway.CasebridgeApplication;
import org.casebridge.testkit.keycloak.KeycloakServer;

/**
 * A gateway in a JVM of its own ({@code java -cp <test class path> CasebridgeApplication}), so
 * that it can be killed with SIGKILL ({@link #kill()}) like a real node: no shutdown hook, no
 * graceful stop, sockets torn down by the kernel. It keeps its port, node name and data directory
 * across restarts. The settings are command-line arguments: external PostgreSQL and broker, the
 * realm's issuer, a signing keystore shared by every node. Its JVM options (heap size and so on)
 * may be given too.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private final String node;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final Map<String, String> properties;
    private final List<String> jvmOptions;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private final Thread shutdownHook = new Thread(this::kill, "gateway-process-shutdown");

    /**
     * @param properties Spring properties of this node (datasource, broker, agencies file, ...)
     */
    public GatewayProcess(String node, Path dataDir, Map<String, String> properties) {
        this(node, dataDir, properties, List.of("-Xmx512m"));
    }

    /**
     * @param properties Spring properties of this node (datasource, broker, agencies file, ...)
     * @param jvmOptions options of the node's JVM, the heap size among them (e.g. {@code -Xmx64m})
     */
    public GatewayProcess(String node, Path dataDir, Map<String, String> properties, List<String> jvmOptions) {
        this.node = node;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.port = RunningGateway.freePort();
        this.dataDir = dataDir.toAbsolutePath();
        this.logFile = this.dataDir.resolve(node + ".log");
        this.properties = new LinkedHashMap<>();
        this.properties.put("server.port", Integer.toString(port));
        this.properties.put("server.address", "127.0.0.1");
        this.properties.put("casebridge.node", node);
        this.properties.put("casebridge.data-dir", this.dataDir.toString());
        this.properties.put("casebridge.identity.issuer", KeycloakServer.shared().issuerUri());
        this.properties.put("casebridge.signing.password", "test-keystore");
        this.properties.put("casebridge.console.client-secret", "casebridge-console-secret");
        this.properties.put("spring.main.banner-mode", "off");
        this.properties.putAll(properties);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the JVM and waits until the gateway answers its readiness probe. */
    public synchronized GatewayProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(node + " is running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions); // after the defaults: the last of a flag wins
        command.addAll(List.of("-cp", classPath(), CasebridgeApplication.class.getName()));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start gateway " + node, e);
        }
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway " + node + " exited with " + process.exitValue() + "; log " + logFile);
            }
            if (Instant.now().isAfter(deadline)) {
                kill();
                throw new IllegalStateException("gateway " + node + " not ready within " + STARTUP_TIMEOUT + "; log " + logFile);
            }
            sleep(250);
        }
        return this;
    }

    /** SIGKILL: the node dies between any two instructions. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            await(Duration.ofSeconds(15));
        }
    }

    /** SIGTERM: a graceful stop. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!await(Duration.ofSeconds(60))) {
                kill();
            }
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public String node() {
        return node;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
    }

    private boolean ready() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean await(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Surefire's test class path (its own java.class.path may be a manifest-only jar). */
    private static String classPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path == null || path.isBlank() ? System.getProperty("java.class.path") : path;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "gateway " + node + " " + baseUrl() + (isRunning() ? " pid " + process.pid() : " (down)");
    }
}
