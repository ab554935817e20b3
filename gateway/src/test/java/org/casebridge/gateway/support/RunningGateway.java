package org.casebridge.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.casebridge.gateway.CasebridgeApplication;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real gateway on a real port, with its embedded PostgreSQL and Artemis under a data directory
 * that outlives it: stop and start again to see what a restart keeps.
 */
public final class RunningGateway implements AutoCloseable {

    private final Path dataDir;
    private final Path agenciesFile;
    private final int port;
    private final Map<String, Object> extra;
    private java.time.Clock clock;
    private ConfigurableApplicationContext context;

    private RunningGateway(Path dataDir, Path agenciesFile, Map<String, Object> extra) {
        this.dataDir = dataDir;
        this.agenciesFile = agenciesFile;
        this.port = freePort();
        this.extra = extra;
    }

    public static RunningGateway start(Path dataDir, Path agenciesFile) {
        return start(dataDir, agenciesFile, Map.of());
    }

    public static RunningGateway start(Path dataDir, Path agenciesFile, Map<String, Object> extra) {
        return start(dataDir, agenciesFile, extra, null);
    }

    /** @param clock the gateway's clock, in place of the system's; null for the system's */
    public static RunningGateway start(Path dataDir, Path agenciesFile, Map<String, Object> extra, java.time.Clock clock) {
        RunningGateway gateway = new RunningGateway(dataDir, agenciesFile, extra);
        gateway.clock = clock;
        gateway.start();
        return gateway;
    }

    public void start() {
        if (context != null) {
            throw new IllegalStateException("already running");
        }
        // The realm sends people back only to return addresses it knows: this gateway's, exactly.
        KeycloakServer.shared().allowConsoleReturnTo(baseUrl());
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", port);
        properties.put("server.address", "127.0.0.1");
        properties.put("casebridge.data-dir", dataDir.toString());
        properties.put("casebridge.agencies.file", "file:" + agenciesFile);
        properties.put("casebridge.identity.issuer", KeycloakServer.shared().issuerUri());
        properties.put("casebridge.signing.password", "test-keystore");
        properties.put("casebridge.signing.generate-if-missing", true);
        properties.put("casebridge.console.client-secret", "casebridge-console-secret");
        properties.put("casebridge.delivery.first-retry-delay", "200ms");
        properties.put("casebridge.delivery.max-retry-delay", "1s");
        properties.put("casebridge.routing.relay-interval", "50ms");
        properties.put("spring.main.banner-mode", "off");
        properties.putAll(extra);
        // As command-line arguments: they outrank application.yml, as an operator's would.
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        SpringApplicationBuilder application = new SpringApplicationBuilder(CasebridgeApplication.class);
        if (clock != null) {
            application.initializers(context -> context.getBeanFactory().registerSingleton("clock", clock));
        }
        context = application.run(arguments);
    }

    /** A graceful stop, as an operator's SIGTERM. */
    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public void restart() {
        stop();
        start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
