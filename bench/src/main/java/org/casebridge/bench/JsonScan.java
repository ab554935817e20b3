package org.casebridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One pass over a JSON document that hands out the string values found at a few paths, such as
 * {@code deliveries/[]/dispatchId}, in document order. Nothing else is materialized: keys deeper
 * than the deepest wanted path and all other values are skipped byte by byte, so an inbox page of
 * 200 KB messages costs a scan, not a tree.
 */
final class JsonScan {

    /** Receives the value of wanted path number {@code path}. */
    interface Visitor {
        void value(int path, String value);
    }

    private final String[][] wanted;
    private final int maxDepth;

    /** @param paths slash-separated keys, {@code []} for "any element of an array" */
    JsonScan(String... paths) {
        wanted = new String[paths.length][];
        int max = 0;
        for (int i = 0; i < paths.length; i++) {
            wanted[i] = paths[i].split("/");
            for (int j = 0; j < wanted[i].length; j++) {
                wanted[i][j] = wanted[i][j].intern();
            }
            max = Math.max(max, wanted[i].length);
        }
        maxDepth = max;
    }

    void scan(byte[] json, int length, Visitor visitor) {
        new Run(json, length, visitor).document();
    }

    private final class Run {
        private final byte[] b;
        private final int end;
        private final Visitor visitor;
        private final String[] path = new String[64];
        private int depth;
        private int pos;

        Run(byte[] b, int end, Visitor visitor) {
            this.b = b;
            this.end = end;
            this.visitor = visitor;
        }

        void document() {
            skipWhitespace();
            value();
        }

        private void value() {
            skipWhitespace();
            if (pos >= end) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            byte c = b[pos];
            switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> {
                    int matched = match();
                    if (matched >= 0) {
                        visitor.value(matched, string());
                    } else {
                        skipString();
                    }
                }
                default -> {
                    while (pos < end && b[pos] != ',' && b[pos] != '}' && b[pos] != ']'
                            && b[pos] != ' ' && b[pos] != '\n' && b[pos] != '\r' && b[pos] != '\t') {
                        pos++;
                    }
                }
            }
        }

        private void object() {
            pos++; // {
            skipWhitespace();
            if (b[pos] == '}') {
                pos++;
                return;
            }
            while (true) {
                skipWhitespace();
                String key;
                if (depth < maxDepth) {
                    key = string().intern();
                } else {
                    skipString();
                    key = null;
                }
                skipWhitespace();
                expect(':');
                push(key);
                value();
                depth--;
                skipWhitespace();
                if (b[pos] == ',') {
                    pos++;
                    continue;
                }
                expect('}');
                return;
            }
        }

        private void array() {
            pos++; // [
            skipWhitespace();
            if (b[pos] == ']') {
                pos++;
                return;
            }
            while (true) {
                push("[]");
                value();
                depth--;
                skipWhitespace();
                if (b[pos] == ',') {
                    pos++;
                    continue;
                }
                expect(']');
                return;
            }
        }

        private void push(String key) {
            if (depth >= path.length) {
                throw new IllegalArgumentException("JSON nested deeper than " + path.length);
            }
            path[depth++] = key;
        }

        private int match() {
            outer:
            for (int i = 0; i < wanted.length; i++) {
                String[] w = wanted[i];
                if (w.length != depth) {
                    continue;
                }
                for (int j = 0; j < depth; j++) {
                    if (w[j] != path[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private void expect(char c) {
            if (pos >= end || b[pos] != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos + " of the JSON");
            }
            pos++;
        }

        private void skipWhitespace() {
            while (pos < end && (b[pos] == ' ' || b[pos] == '\n' || b[pos] == '\r' || b[pos] == '\t')) {
                pos++;
            }
        }

        private void skipString() {
            expect('"');
            while (pos < end) {
                byte c = b[pos++];
                if (c == '\\') {
                    pos++;
                } else if (c == '"') {
                    return;
                }
            }
            throw new IllegalArgumentException("unterminated string in the JSON");
        }

        private String string() {
            expect('"');
            int start = pos;
            boolean escaped = false;
            while (pos < end) {
                byte c = b[pos++];
                if (c == '\\') {
                    escaped = true;
                    pos++;
                } else if (c == '"') {
                    return escaped ? unescape(start, pos - 1) : new String(b, start, pos - 1 - start, StandardCharsets.UTF_8);
                }
            }
            throw new IllegalArgumentException("unterminated string in the JSON");
        }

        private String unescape(int start, int stop) {
            byte[] out = new byte[stop - start];
            int n = 0;
            StringBuilder text = new StringBuilder();
            for (int i = start; i < stop; i++) {
                byte c = b[i];
                if (c != '\\') {
                    out[n++] = c;
                    continue;
                }
                text.append(new String(out, 0, n, StandardCharsets.UTF_8));
                n = 0;
                byte e = b[++i];
                switch (e) {
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'u' -> {
                        text.append((char) Integer.parseInt(new String(b, i + 1, 4, StandardCharsets.US_ASCII), 16));
                        i += 4;
                    }
                    default -> text.append((char) e);
                }
            }
            text.append(new String(Arrays.copyOf(out, n), StandardCharsets.UTF_8));
            return text.toString();
        }
    }
}
