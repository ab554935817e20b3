package org.casebridge.contracts.codec;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629) before any parser reads them. JSON parsers
 * decode leniently for speed: Jackson turns the overlong {@code C0 AF} into '/', and Java's own
 * decoders replace what they cannot read with U+FFFD. Either way the gateway would keep text the
 * sender never wrote, so bad input is refused instead: overlong forms, UTF-16 surrogates encoded in
 * UTF-8, bytes above F4 and sequences cut short.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** The offset of the first byte that is not well-formed UTF-8, if any. */
    public static Optional<Integer> firstInvalidByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        // At the end of input, a sequence cut short is reported as malformed too.
        return result.isError() ? Optional.of(in.position()) : Optional.empty();
    }

    /** The text of well-formed UTF-8, or a {@link CharacterCodingException} naming the first bad byte. */
    public static String decode(byte[] bytes) throws CharacterCodingException {
        Optional<Integer> bad = firstInvalidByte(bytes);
        if (bad.isPresent()) {
            throw invalidAt(bad.get());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static CharacterCodingException invalidAt(long offset) {
        return new CharacterCodingException() {
            @Override
            public String getMessage() {
                return "not valid UTF-8 at byte " + offset;
            }
        };
    }

    /**
     * The same bytes as {@code in}, checked as they are read: the first byte that is not
     * well-formed UTF-8 (or a sequence cut short by the end of the stream) fails the read with a
     * {@link CharacterCodingException}. For parsers that decode leniently themselves.
     */
    public static InputStream checking(InputStream in) {
        return new Checking(in);
    }

    private static final class Checking extends FilterInputStream {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        /** Bytes of a sequence that the last read cut, carried over to the next. */
        private final ByteBuffer pending = ByteBuffer.allocate(8);
        private final CharBuffer sink = CharBuffer.allocate(8192);
        private long offset;
        private boolean ended;

        Checking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int read = super.read(buffer, off, len);
            check(buffer, off, read);
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void check(byte[] buffer, int off, int read) throws IOException {
            if (read == -1) {
                if (!ended) {
                    ended = true;
                    pending.flip();
                    decode(pending, true);
                }
                return;
            }
            ByteBuffer bytes;
            if (pending.position() > 0) {
                bytes = ByteBuffer.allocate(pending.position() + read);
                bytes.put(pending.flip()).put(buffer, off, read).flip();
                pending.clear();
            } else {
                bytes = ByteBuffer.wrap(buffer, off, read);
            }
            decode(bytes, false);
            pending.put(bytes);
        }

        private void decode(ByteBuffer bytes, boolean last) throws CharacterCodingException {
            int start = bytes.position();
            CoderResult result;
            do {
                sink.clear();
                result = decoder.decode(bytes, sink, last);
            } while (result.isOverflow());
            if (result.isError()) {
                throw invalidAt(offset + bytes.position() - start);
            }
            offset += bytes.position() - start;
        }
    }
}
