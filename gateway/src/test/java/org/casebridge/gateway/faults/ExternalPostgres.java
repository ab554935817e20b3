package org.casebridge.gateway.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * PostgreSQL 17 (the zonky binaries) as a server of its own for gateway processes: a fixed port
 * and data directory, so that it can be stopped and started again with everything it committed.
 */
final class ExternalPostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    ExternalPostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory.toAbsolutePath();
        this.port = port;
    }

    synchronized ExternalPostgres start() {
        if (postgres != null) {
            throw new IllegalStateException("running");
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // Durable, as a production database: what a commit promised survives a restart.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** pg_ctl stop (fast): every connection is cut, committed work stays. */
    synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                postgres = null;
            }
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A data source of the test's own, for checking the end state; only while running. */
    synchronized DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    @Override
    public void close() {
        stop();
    }
}
