package org.casebridge.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {

    @TempDir
    Path root;

    @Test
    void keepsContentUnderItsDigestOnlyWhenItMatches() throws Exception {
        ContentStore store = new ContentStore(root);
        byte[] content = "案件材料".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

        assertThat(store.write(new ByteArrayInputStream(content), "0".repeat(64), 1000))
                .isInstanceOf(ContentStore.Outcome.DigestMismatch.class);
        assertThat(store.find(sha)).isEmpty();

        assertThat(store.write(new ByteArrayInputStream(content), sha, 1000))
                .isEqualTo(new ContentStore.Outcome.Stored(sha, content.length, true));
        assertThat(Files.readAllBytes(store.find(sha).orElseThrow())).isEqualTo(content);

        // Storing it again is harmless and keeps one copy.
        assertThat(store.write(new ByteArrayInputStream(content), sha, 1000)).isInstanceOf(ContentStore.Outcome.Stored.class);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void stopsReadingAtTheLimitAndKeepsNothing() throws Exception {
        ContentStore store = new ContentStore(root);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 7;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, (byte) 7);
                return length;
            }
        };
        assertThat(store.write(endless, "0".repeat(64), 1_000_000)).isEqualTo(new ContentStore.Outcome.TooLarge(1_000_000));
        assertThat(leftovers()).isEmpty();
    }

    private Stream<Path> leftovers() throws Exception {
        return Files.list(root.resolve("incoming")).toList().stream();
    }
}
