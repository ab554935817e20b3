package org.casebridge.gateway.attachments;

import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Content of any size made on the fly from a seed: the same seed and size give the same bytes, so
 * a test can upload, download and compare gigabytes without ever holding or storing them.
 */
final class SeededContent extends InputStream {

    private final SplittableRandom random;
    private final byte[] block = new byte[64 * 1024];
    private int position = block.length;
    private long remaining;

    SeededContent(long seed, long size) {
        this.random = new SplittableRandom(seed);
        this.remaining = size;
    }

    /** The content's SHA-256, in one pass over it. */
    static byte[] sha256(long seed, long size) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = new SeededContent(seed, size)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
            }
        }
        return digest.digest();
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (remaining == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        if (position == block.length) {
            for (int i = 0; i < block.length; i += 8) {
                long value = random.nextLong();
                for (int j = 0; j < 8; j++) {
                    block[i + j] = (byte) (value >>> (8 * j));
                }
            }
            position = 0;
        }
        int count = (int) Math.min(Math.min(length, block.length - position), remaining);
        System.arraycopy(block, position, buffer, offset, count);
        position += count;
        remaining -= count;
        return count;
    }

    /** The same content as an MTOM part: a fresh stream each time it is asked for. */
    static DataSource dataSource(long seed, long size, String mediaType) {
        return new DataSource() {
            @Override
            public InputStream getInputStream() {
                return new SeededContent(seed, size);
            }

            @Override
            public OutputStream getOutputStream() {
                throw new UnsupportedOperationException("read-only");
            }

            @Override
            public String getContentType() {
                return mediaType;
            }

            @Override
            public String getName() {
                return "seeded-" + seed;
            }
        };
    }
}
