package org.casebridge.testkit.artemis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.casebridge.testkit.keycloak.TestkitPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Apache Artemis broker, from the distribution the test kit's build unpacked from
 * Maven Central, for tests that must stop, kill and restart the broker under a running gateway.
 *
 * <p>The instance is created once ({@code bin/artemis create}) in its own directory; its
 * {@code etc/broker.xml} is the repository's {@code docker/artemis/broker.xml} (the settings the
 * gateway needs: persistent duplicate-id cache, the {@code casebridge.dispatch.#} address
 * settings, a login with role {@code casebridge}) with the acceptor moved to 127.0.0.1 and a free
 * port. {@link #start()}, {@link #stop()} (SIGTERM: a graceful shutdown) and {@link #kill()}
 * (SIGKILL) can be repeated; every start uses the same port and journal.
 */
public final class ArtemisServer implements AutoCloseable {

    public static final String USER = "casebridge";
    public static final String PASSWORD = "casebridge";

    private static final Logger log = LoggerFactory.getLogger(ArtemisServer.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path instance;
    private final int port;
    private final Path logFile;
    private Process process;
    private final Thread shutdownHook = new Thread(this::kill, "artemis-shutdown");

    private ArtemisServer(Path instance, int port) {
        this.instance = instance;
        this.port = port;
        this.logFile = instance.resolve("log").resolve("console.log");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates a broker instance in {@code instanceDir} (which must not exist yet or be empty), not started. */
    public static ArtemisServer create(Path instanceDir) {
        Path instance = instanceDir.toAbsolutePath();
        int port = freePort();
        Path home = TestkitPaths.artemisHome();
        List<String> command = List.of("/bin/sh", home.resolve("bin").resolve("artemis").toString(), "create",
                instance.toString(), "--silent", "--force", "--name", "casebridge-broker",
                "--user", USER, "--password", PASSWORD, "--role", "casebridge", "--require-login",
                "--host", LOOPBACK, "--default-port", Integer.toString(port), "--nio", "--no-web",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--java-memory", "512M");
        try {
            Files.createDirectories(instance.getParent());
            Path createLog = instance.getParent().resolve(instance.getFileName() + "-create.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(createLog.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process create = builder.start();
            if (!create.waitFor(120, TimeUnit.SECONDS) || create.exitValue() != 0) {
                create.destroyForcibly();
                throw new IllegalStateException("artemis create failed:\n" + Files.readString(createLog));
            }
            String brokerXml = Files.readString(TestkitPaths.repositoryRoot().resolve("docker/artemis/broker.xml"))
                    .replaceAll("tcp://0\\.0\\.0\\.0:61616\\?[^<]*", "tcp://" + LOOPBACK + ":" + port + "?protocols=CORE");
            if (!brokerXml.contains(LOOPBACK + ":" + port)) {
                throw new IllegalStateException("docker/artemis/broker.xml has no acceptor on 0.0.0.0:61616 to move");
            }
            Files.writeString(instance.resolve("etc").resolve("broker.xml"), brokerXml);
            Files.createDirectories(instance.resolve("log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new ArtemisServer(instance, port);
    }

    /** Starts the broker and waits until it accepts connections. */
    public synchronized ArtemisServer start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", instance.resolve("bin").resolve("artemis").toString(), "run")
                .directory(instance.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("ARTEMIS_") || name.startsWith("JAVA_ARGS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Instant begin = Instant.now();
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Artemis", e);
        }
        Instant deadline = begin.plus(STARTUP_TIMEOUT);
        while (!accepting()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Artemis exited with " + process.exitValue() + "; log " + logFile);
            }
            if (Instant.now().isAfter(deadline)) {
                kill();
                throw new IllegalStateException("Artemis did not accept connections within " + STARTUP_TIMEOUT + "; log " + logFile);
            }
            sleep(100);
        }
        log.info("Artemis pid {} accepting on {} after {} ms", process.pid(), url(),
                Duration.between(begin, Instant.now()).toMillis());
        return this;
    }

    /** A graceful stop (SIGTERM: the broker's shutdown hook closes the journal). */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("Artemis pid {} did not stop within {}; killing it", process.pid(), STOP_GRACE);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: no shutdown of any kind; what the journal holds is what was synced. */
    public synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops gracefully and starts again on the same port and journal. */
    public ArtemisServer restart() {
        stop();
        return start();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The URL of the CORE acceptor, e.g. for {@code spring.artemis.broker-url}. */
    public String url() {
        return "tcp://" + LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public Path instance() {
        return instance;
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

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + LOOPBACK, e);
        }
    }

    @Override
    public String toString() {
        return "ArtemisServer[" + url() + ", " + instance + (isRunning() ? ", pid " + process.pid() : ", stopped") + "]";
    }
}
