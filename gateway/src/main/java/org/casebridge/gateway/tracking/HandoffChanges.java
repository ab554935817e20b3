package org.casebridge.gateway.tracking;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change feed of this node: one dedicated PostgreSQL connection LISTENs on the change channels
 * and hands each notice to the local subscribers. Every node listens, so a change committed through
 * any node reaches the browsers connected to all of them. After a database outage it reconnects
 * with backoff; notices sent while it was away are lost, which the pages survive because each
 * notice only prompts a fresh read.
 */
@Component
public class HandoffChanges implements SmartLifecycle {

    static final String HANDOFF_CHANNEL = "casebridge_handoff";

    private static final Logger log = LoggerFactory.getLogger(HandoffChanges.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int POLL_MILLIS = 1000;
    /** A silent network loss shows up only when something is sent: probe the idle connection now and then. */
    private static final Duration PROBE_EVERY = Duration.ofSeconds(15);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final List<Consumer<HandoffChange>> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Connection connection;
    private volatile boolean listening;
    private Thread thread;

    HandoffChanges(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Notices arrive on the feed's own thread: a subscriber must hand them off, not block. */
    public AutoCloseable subscribe(Consumer<HandoffChange> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Whether the feed is connected and listening (for tests and health checks). */
    public boolean listening() {
        return listening;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("handoff-changes").start(this::run);
    }

    @Override
    public void stop() {
        Thread listener;
        synchronized (this) {
            running = false;
            listener = thread;
        }
        closeQuietly(connection);
        if (listener != null) {
            try {
                listener.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try (Connection listen = open()) {
                connection = listen;
                try (Statement statement = listen.createStatement()) {
                    statement.execute("LISTEN " + HANDOFF_CHANNEL + "; LISTEN " + WarningNotices.CHANNEL);
                }
                listening = true;
                if (backoff.compareTo(FIRST_BACKOFF) > 0) {
                    log.info("Change feed listening again");
                }
                backoff = FIRST_BACKOFF;
                receive(listen);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return; // closed by stop(): not an error
                }
                log.warn("Change feed lost its database connection ({}); retrying in {} ms", e.getMessage(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    private void receive(Connection listen) throws SQLException {
        PGConnection pg = listen.unwrap(PGConnection.class);
        long lastProbe = System.nanoTime();
        while (running) {
            PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
            if (notices != null) {
                for (PGNotification notice : notices) {
                    HandoffChange change = parse(notice);
                    if (change != null) {
                        publish(change);
                    }
                }
            }
            if (System.nanoTime() - lastProbe > PROBE_EVERY.toNanos()) {
                try (Statement probe = listen.createStatement()) {
                    probe.execute("SELECT 1");
                }
                lastProbe = System.nanoTime();
            }
        }
    }

    private void publish(HandoffChange change) {
        for (Consumer<HandoffChange> subscriber : subscribers) {
            try {
                subscriber.accept(change);
            } catch (RuntimeException e) {
                log.warn("A change-feed subscriber failed on {}", change, e);
            }
        }
    }

    static HandoffChange parse(PGNotification notice) {
        String payload = notice.getParameter();
        try {
            if (HANDOFF_CHANNEL.equals(notice.getName())) {
                return payload == null || payload.isBlank() ? null : new HandoffChange.Changed(payload.strip());
            }
            JsonNode json = JSON.readTree(payload);
            String handoffId = json.path("handoffId").asString(null);
            if (handoffId == null) {
                return null;
            }
            return new HandoffChange.WarningFired(handoffId, json.path("level").asString(null), json.path("clock").asString(null),
                    json.path("warningId").asString(null), firedAt(json.path("firedAt").asString(null)));
        } catch (RuntimeException e) {
            log.warn("Ignoring a malformed notice on {}: {}", notice.getName(), payload);
            return null;
        }
    }

    private static java.time.Instant firedAt(String text) {
        try {
            return text == null ? null : java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A connection of its own, outside the pool: it is held for as long as the node runs, and a
     * pooled one would be recycled under it (max lifetime) and be missing from the pool besides.
     */
    private Connection open() throws SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", "casebridge-change-feed");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "5");
        Connection opened = DriverManager.getConnection(pool.getJdbcUrl(), properties);
        opened.setAutoCommit(true);
        return opened;
    }

    private void sleep(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing to wake the listener; it may be broken already
            }
        }
    }
}
