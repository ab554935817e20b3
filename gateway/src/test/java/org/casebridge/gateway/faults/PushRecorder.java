package org.casebridge.gateway.faults;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The PUSH_REST endpoints of the push agencies: one HTTP server, one path per agency, every
 * arrival handed to the ledger by dispatch id (repeats included) before the 200 that tells the
 * gateway it is stored.
 */
final class PushRecorder implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    PushRecorder(java.util.function.Supplier<Ledger> ledger, String... agencies) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String agency : agencies) {
            server.createContext("/" + agency, exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    Ledger book = ledger.get();
                    if (book != null) {
                        book.arrived(agency, body, "push");
                    }
                    exchange.sendResponseHeaders(200, -1);
                } catch (RuntimeException e) {
                    byte[] why = e.toString().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(400, why.length);
                    exchange.getResponseBody().write(why);
                } finally {
                    exchange.close();
                }
            });
        }
        server.setExecutor(executor);
        server.start();
    }

    String endpoint(String agency) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + agency;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
