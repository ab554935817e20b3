package org.casebridge.contracts.codec;

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
            throw new CharacterCodingException() {
                @Override
                public String getMessage() {
                    return "not valid UTF-8 at byte " + bad.get();
                }
            };
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
