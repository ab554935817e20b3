package org.casebridge.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client over one keep-alive socket, for the load generator: request heads are
 * written into a reused buffer, bodies come from the caller's arrays or a streaming writer, and
 * response bodies land in a reused buffer (or stream through a sink). No per-request objects
 * beyond what the caller asks for. Not thread-safe: one connection per worker.
 *
 * <p>Handles Content-Length and chunked responses, {@code Connection: close} (Tomcat closes a
 * connection after {@code max-keep-alive-requests}, 100 by default), and a keep-alive connection
 * the server closed while idle: the request is sent again once on a fresh connection if nothing
 * of the answer had arrived (every request the harness sends is safe to repeat: submissions are
 * idempotent by messageId, acknowledgements by dispatch id).
 */
final class HttpConnection implements AutoCloseable {

    /** Receives a response body piece by piece. */
    interface BodySink {
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }

    /** Writes a request body of a length given beforehand. */
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final long IDLE_RECONNECT_NANOS = 10_000_000_000L;
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final String host;
    private final int port;
    private final int readTimeoutMillis;
    private final byte[] hostLine;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long lastUsed;
    private int requestsOnSocket;

    private byte[] head = new byte[4096];
    private int headLength;

    private final byte[] readBuffer = new byte[65536];
    private int readPos;
    private int readLimit;

    private byte[] body = new byte[16384];
    private int bodyLength;

    private int status;
    private boolean serverCloses;
    private String contentDigest;
    private String retryAfter;

    /** Connections opened, for the report. */
    long connects;

    private final BodySink bufferSink = (bytes, offset, length) -> {
        ensureBody(bodyLength + length);
        System.arraycopy(bytes, offset, body, bodyLength, length);
        bodyLength += length;
    };

    HttpConnection(String host, int port, int readTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.readTimeoutMillis = readTimeoutMillis;
        this.hostLine = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ request head

    /** Starts a request: {@code begin("POST /api/v1/messages")}. */
    HttpConnection begin(byte[] methodAndTarget) {
        headLength = 0;
        append(methodAndTarget);
        append(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        append(hostLine);
        return this;
    }

    HttpConnection begin(String methodAndTarget) {
        return begin(methodAndTarget.getBytes(StandardCharsets.US_ASCII));
    }

    /** A whole header line, CR LF included (e.g. a token's pre-encoded Authorization line). */
    HttpConnection headerLine(byte[] line) {
        append(line);
        return this;
    }

    HttpConnection header(String name, String value) {
        append((name + ": " + value + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    private HttpConnection contentLength(long length) {
        append(CONTENT_LENGTH);
        appendDecimal(length);
        append(CRLF);
        return this;
    }

    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private void append(byte[] bytes) {
        if (headLength + bytes.length > head.length) {
            byte[] larger = new byte[Math.max(head.length * 2, headLength + bytes.length)];
            System.arraycopy(head, 0, larger, 0, headLength);
            head = larger;
        }
        System.arraycopy(bytes, 0, head, headLength, bytes.length);
        headLength += bytes.length;
    }

    private void appendDecimal(long value) {
        if (headLength + 20 > head.length) {
            byte[] larger = new byte[head.length * 2];
            System.arraycopy(head, 0, larger, 0, headLength);
            head = larger;
        }
        if (value == 0) {
            head[headLength++] = '0';
            return;
        }
        int start = headLength;
        while (value > 0) {
            head[headLength++] = (byte) ('0' + value % 10);
            value /= 10;
        }
        for (int i = start, j = headLength - 1; i < j; i++, j--) {
            byte t = head[i];
            head[i] = head[j];
            head[j] = t;
        }
    }

    // ------------------------------------------------------------------ exchanges

    /** Sends the request with no body and reads the answer into the body buffer. */
    int send() throws IOException {
        return send(null, 0, 0);
    }

    /** Sends the request with this body and reads the answer into the body buffer. */
    int send(byte[] requestBody, int offset, int length) throws IOException {
        if (requestBody != null || isPost()) {
            contentLength(length);
        }
        append(CRLF);
        for (int attempt = 0; ; attempt++) {
            boolean reused = prepareSocket();
            try {
                out.write(head, 0, headLength);
                if (requestBody != null && length > 0) {
                    out.write(requestBody, offset, length);
                }
                out.flush();
                if (!readStatus(reused && attempt == 0)) {
                    closeQuietly();
                    continue; // the idle connection had been closed by the server: once more, on a new one
                }
                readBody(bufferSink);
                afterExchange();
                return status;
            } catch (IOException e) {
                closeQuietly();
                if (reused && attempt == 0 && bodyLength == 0 && status == 0) {
                    continue;
                }
                throw e;
            }
        }
    }

    /** Sends a streamed request body of a known length (not repeated on failure). */
    int sendStreaming(long length, BodyWriter writer) throws IOException {
        contentLength(length);
        append(CRLF);
        prepareSocket();
        try {
            out.write(head, 0, headLength);
            writer.writeTo(out);
            out.flush();
            if (!readStatus(false)) {
                throw new EOFException("connection closed before the answer");
            }
            readBody(bufferSink);
            afterExchange();
            return status;
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Sends a request without body; a 2xx answer's body goes to the sink, any other to the body buffer. */
    int sendAndStream(BodySink sink) throws IOException {
        append(CRLF);
        boolean reused = prepareSocket();
        try {
            out.write(head, 0, headLength);
            out.flush();
            if (!readStatus(false)) {
                throw new EOFException("connection closed before the answer" + (reused ? " (reused connection)" : ""));
            }
            readBody(status / 100 == 2 ? sink : bufferSink);
            afterExchange();
            return status;
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
    }

    private boolean isPost() {
        return headLength >= 4 && head[0] == 'P' && head[1] == 'O' && head[2] == 'S' && head[3] == 'T';
    }

    private boolean prepareSocket() throws IOException {
        status = 0;
        bodyLength = 0;
        contentDigest = null;
        retryAfter = null;
        serverCloses = false;
        long now = System.nanoTime();
        if (socket != null && now - lastUsed > IDLE_RECONNECT_NANOS) {
            closeQuietly();
        }
        if (socket == null) {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.setSoTimeout(readTimeoutMillis);
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket = s;
            in = s.getInputStream();
            out = new java.io.BufferedOutputStream(s.getOutputStream(), 65536);
            readPos = 0;
            readLimit = 0;
            requestsOnSocket = 0;
            connects++;
            return false;
        }
        return requestsOnSocket > 0;
    }

    private void afterExchange() {
        requestsOnSocket++;
        lastUsed = System.nanoTime();
        if (serverCloses) {
            closeQuietly();
        }
    }

    // ------------------------------------------------------------------ response

    /** @return false if the connection was closed before any byte of the answer and a retry is allowed */
    private boolean readStatus(boolean retryAllowed) throws IOException {
        while (true) {
            int lineEnd = readLine(retryAllowed);
            if (lineEnd < 0) {
                return false;
            }
            // HTTP/1.1 201 Created
            int lineStart = lineStartOf;
            if (lineEnd - lineStart < 12 || readBuffer[lineStart] != (byte) 'H') {
                throw new IOException("not an HTTP status line: " + new String(readBuffer, lineStart,
                        Math.min(80, lineEnd - lineStart), StandardCharsets.ISO_8859_1));
            }
            status = (readBuffer[lineStart + 9] - '0') * 100 + (readBuffer[lineStart + 10] - '0') * 10
                    + (readBuffer[lineStart + 11] - '0');
            contentLengthOf = -1;
            chunked = false;
            while (true) {
                int end = readLine(false);
                int start = lineStartOf;
                if (end == start) {
                    break;
                }
                parseHeader(start, end);
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and friends: the real answer follows
            }
            return true;
        }
    }

    private long contentLengthOf;
    private boolean chunked;
    private int lineStartOf;

    private void parseHeader(int start, int end) {
        int colon = -1;
        for (int i = start; i < end; i++) {
            if (readBuffer[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return;
        }
        int valueStart = colon + 1;
        while (valueStart < end && (readBuffer[valueStart] == ' ' || readBuffer[valueStart] == '\t')) {
            valueStart++;
        }
        int nameLength = colon - start;
        if (nameIs(start, nameLength, "content-length")) {
            long value = 0;
            for (int i = valueStart; i < end && readBuffer[i] >= '0' && readBuffer[i] <= '9'; i++) {
                value = value * 10 + (readBuffer[i] - '0');
            }
            contentLengthOf = value;
        } else if (nameIs(start, nameLength, "transfer-encoding")) {
            chunked = new String(readBuffer, valueStart, end - valueStart, StandardCharsets.ISO_8859_1)
                    .toLowerCase(java.util.Locale.ROOT).contains("chunked");
        } else if (nameIs(start, nameLength, "connection")) {
            serverCloses = new String(readBuffer, valueStart, end - valueStart, StandardCharsets.ISO_8859_1)
                    .toLowerCase(java.util.Locale.ROOT).contains("close");
        } else if (nameIs(start, nameLength, "content-digest")) {
            contentDigest = new String(readBuffer, valueStart, end - valueStart, StandardCharsets.ISO_8859_1);
        } else if (nameIs(start, nameLength, "retry-after")) {
            retryAfter = new String(readBuffer, valueStart, end - valueStart, StandardCharsets.ISO_8859_1);
        }
    }

    private boolean nameIs(int start, int length, String lowerName) {
        if (length != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = readBuffer[start + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads one line; its bytes are readBuffer[lineStartOf, return value), without CR LF.
     * Returns -1 if the stream ended before any byte and {@code eofAllowed}.
     */
    private int readLine(boolean eofAllowed) throws IOException {
        int scanFrom = readPos;
        while (true) {
            for (int i = scanFrom; i < readLimit; i++) {
                if (readBuffer[i] == '\n') {
                    lineStartOf = readPos;
                    int end = i > readPos && readBuffer[i - 1] == '\r' ? i - 1 : i;
                    readPos = i + 1;
                    return end;
                }
            }
            if (readPos > 0) {
                int pending = readLimit - readPos;
                System.arraycopy(readBuffer, readPos, readBuffer, 0, pending);
                readPos = 0;
                readLimit = pending;
            }
            scanFrom = readLimit;
            if (readLimit == readBuffer.length) {
                throw new IOException("response header line longer than " + readBuffer.length + " bytes");
            }
            int n;
            try {
                n = in.read(readBuffer, readLimit, readBuffer.length - readLimit);
            } catch (java.net.SocketException e) {
                if (eofAllowed && readLimit == 0) {
                    return -1; // reset by the server on a connection it had closed
                }
                throw e;
            }
            if (n < 0) {
                if (eofAllowed && readLimit == 0) {
                    return -1;
                }
                throw new EOFException("connection closed in the middle of an answer");
            }
            readLimit += n;
        }
    }

    private void readBody(BodySink sink) throws IOException {
        if (status == 204 || status == 304) {
            return;
        }
        if (chunked) {
            while (true) {
                int end = readLine(false);
                long size = 0;
                for (int i = lineStartOf; i < end; i++) {
                    int d = Character.digit(readBuffer[i], 16);
                    if (d < 0) {
                        break; // chunk extension
                    }
                    size = size * 16 + d;
                }
                if (size == 0) {
                    while (readLine(false) != lineStartOf) {
                        // trailers
                    }
                    return;
                }
                readExactly(size, sink);
                readLine(false); // CR LF after the chunk
            }
        } else if (contentLengthOf >= 0) {
            readExactly(contentLengthOf, sink);
        } else {
            serverCloses = true;
            while (true) {
                if (readPos < readLimit) {
                    sink.accept(readBuffer, readPos, readLimit - readPos);
                    readPos = readLimit;
                }
                int n = in.read(readBuffer, 0, readBuffer.length);
                if (n < 0) {
                    return;
                }
                readPos = 0;
                readLimit = n;
            }
        }
    }

    private void readExactly(long length, BodySink sink) throws IOException {
        long left = length;
        while (left > 0) {
            if (readPos == readLimit) {
                int n = in.read(readBuffer, 0, readBuffer.length);
                if (n < 0) {
                    throw new EOFException("connection closed with " + left + " bytes of the body missing");
                }
                readPos = 0;
                readLimit = n;
            }
            int take = (int) Math.min(left, readLimit - readPos);
            sink.accept(readBuffer, readPos, take);
            readPos += take;
            left -= take;
        }
    }

    private void ensureBody(int capacity) {
        if (capacity > body.length) {
            byte[] larger = new byte[Math.max(capacity, body.length * 2)];
            System.arraycopy(body, 0, larger, 0, bodyLength);
            body = larger;
        }
    }

    // ------------------------------------------------------------------ answer accessors

    int status() {
        return status;
    }

    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    String contentDigest() {
        return contentDigest;
    }

    String retryAfter() {
        return retryAfter;
    }

    /** Whether the body holds these ASCII bytes. */
    boolean bodyContains(byte[] needle) {
        return indexOf(body, 0, bodyLength, needle) >= 0;
    }

    static int indexOf(byte[] haystack, int from, int limit, byte[] needle) {
        outer:
        for (int i = from; i <= limit - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
