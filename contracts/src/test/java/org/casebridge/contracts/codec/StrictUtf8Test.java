package org.casebridge.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictUtf8Test {

    /** Each after "a": overlong '/', overlong NUL, an encoded surrogate, above U+10FFFF, F5, cut short, a lone continuation, FF. */
    @ParameterizedTest
    @ValueSource(strings = {"c0af", "c080", "e080af", "eda080", "edbfbf", "f4908080", "f5808080", "e4b8", "f09f98", "80", "ff"})
    void refusesMalformedUtf8AtItsOffsetWhetherReadWholeOrInAnyChunks(String bad) throws Exception {
        byte[] bytes = HexFormat.of().parseHex("61" + bad + "62".repeat(bad.equals("e4b8") || bad.equals("f09f98") ? 0 : 1));
        assertThat(StrictUtf8.firstInvalidByte(bytes)).hasValue(1);
        assertThatThrownBy(() -> StrictUtf8.decode(bytes)).isInstanceOf(CharacterCodingException.class).hasMessageContaining("byte 1");
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            int size = chunk;
            assertThatThrownBy(() -> drain(StrictUtf8.checking(new ByteArrayInputStream(bytes)), size))
                    .as("in chunks of " + chunk).isInstanceOf(CharacterCodingException.class).hasMessageContaining("byte 1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "案件移送", "😀 and 𠀀", "\uFEFFwith a byte-order mark", "\u0000 is UTF-8 too"})
    void passesWellFormedUtf8Unchanged(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(StrictUtf8.firstInvalidByte(bytes)).isEmpty();
        assertThat(StrictUtf8.decode(bytes)).isEqualTo(text);
        for (int chunk = 1; chunk <= Math.max(1, bytes.length); chunk++) {
            assertThat(drain(StrictUtf8.checking(new ByteArrayInputStream(bytes)), chunk)).isEqualTo(bytes);
        }
    }

    private static byte[] drain(InputStream in, int chunk) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        int read;
        while ((read = in.read(buffer, 0, chunk)) != -1) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
