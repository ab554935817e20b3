package org.casebridge.gateway.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An agency's webhook that can be down in each way a real one is: nothing listening (connection
 * refused), listening but never answering (read timeout), answering HTTP 500, or working. Raw
 * sockets, so that "refused" is a closed port and "never answers" a connection held open. Every
 * request that reaches it is counted with its dispatch id and the answer it got.
 */
final class FlakyWebhook implements AutoCloseable {

    enum Mode { REFUSE, HANG, ERROR, ACCEPT }

    /** One request that reached the endpoint. */
    record Arrival(String dispatchId, Mode answer, String body) {
    }

    private final int port;
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.REFUSE;
    private ServerSocket server;

    FlakyWebhook() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/casebridge/deliveries";
    }

    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    synchronized void mode(Mode next) {
        mode = next;
        if (next == Mode.REFUSE) {
            closeServer();
        } else if (server == null) {
            openServer();
        }
    }

    private void openServer() {
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSocket listening = server;
        Thread.ofPlatform().daemon().name("flaky-webhook").start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    Thread.ofVirtual().start(() -> answer(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void closeServer() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            server = null;
        }
    }

    private void answer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String dispatchId = header(head, "casebridge-dispatch-id");
            int length = Integer.parseInt(header(head, "content-length") == null ? "0" : header(head, "content-length"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Mode answer = mode;
            arrivals.add(new Arrival(dispatchId, answer, body));
            switch (answer) {
                case HANG -> held.add(socket); // read but never answered, until the client gives up
                case ERROR -> respond(socket, "500 Internal Server Error");
                case ACCEPT -> respond(socket, "204 No Content");
                case REFUSE -> socket.close();
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
        }
    }

    private static void respond(Socket socket, String status) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.close();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public synchronized void close() {
        closeServer();
        held.forEach(FlakyWebhook::closeQuietly);
    }
}
