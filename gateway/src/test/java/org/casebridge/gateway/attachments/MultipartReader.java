package org.casebridge.gateway.attachments;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A multipart body (an MTOM response) read part by part as it streams in, each part's content an
 * InputStream that ends at the next boundary: nothing is held but a small window. Enough for tests
 * that must not buffer what they receive; no RFC 2046 corner cases.
 */
final class MultipartReader {

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[256 * 1024];
    private int start;
    private int end;
    private boolean eof;

    MultipartReader(InputStream in, String boundary) throws IOException {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // The body starts with "--boundary": pretend a CRLF came before it, then skip the preamble.
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
        skipPart();
    }

    /** The boundary parameter of a multipart Content-Type. */
    static String boundaryOf(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equalsIgnoreCase("boundary")) {
                return pair[1].replace("\"", "");
            }
        }
        throw new IllegalArgumentException("no boundary in " + contentType);
    }

    /** The next part's headers (names in lower case), or null after the closing boundary; its content follows. */
    Map<String, String> nextPart() throws IOException {
        String rest = readLine(); // what follows the boundary on its line: "" or "--"
        if (rest.startsWith("--")) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            String[] pair = line.split(":", 2);
            headers.put(pair[0].strip().toLowerCase(Locale.ROOT), pair.length == 2 ? pair[1].strip() : "");
        }
        return headers;
    }

    /** The current part's content, up to the next boundary; read it to its end before the next part. */
    InputStream content() {
        return new InputStream() {
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                if (done) {
                    return -1;
                }
                while (true) {
                    int found = indexOfDelimiter();
                    int available = found >= 0 ? found - start : end - start - (delimiter.length - 1);
                    if (found == start) {
                        start += delimiter.length;
                        done = true;
                        return -1;
                    }
                    if (available > 0) {
                        int count = Math.min(length, available);
                        System.arraycopy(buffer, start, target, offset, count);
                        start += count;
                        return count;
                    }
                    if (!fill()) {
                        throw new EOFException("the multipart body ends inside a part");
                    }
                }
            }
        };
    }

    /** Reads past the current part's content. */
    void skipPart() throws IOException {
        try (InputStream part = content()) {
            part.transferTo(OutputStreamSink.INSTANCE);
        }
    }

    private int indexOfDelimiter() {
        outer:
        for (int i = start; i <= end - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (start == end && !fill()) {
                if (line.isEmpty()) {
                    throw new EOFException("the multipart body ends inside headers");
                }
                return line.toString(); // the closing boundary's "--" need not end with CRLF
            }
            byte b = buffer[start++];
            if (b == '\n') {
                int length = line.length();
                return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }

    /** More bytes into the window; false at the end of the body. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read == -1) {
            eof = true;
            return false;
        }
        end += read;
        return true;
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
