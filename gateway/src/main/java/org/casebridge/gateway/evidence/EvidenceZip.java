package org.casebridge.gateway.evidence;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip written straight to its destination, one entry at a time, that remembers each entry's
 * SHA-256 and size for the manifest. Nothing is held whole in memory.
 */
final class EvidenceZip implements AutoCloseable {

    private final ZipOutputStream zip;
    private final FileTime time;
    private final List<ManifestFile> files = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();
    private boolean entryOpen;

    EvidenceZip(OutputStream out, Instant time) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.time = FileTime.from(time);
    }

    void add(String path, String text) throws IOException {
        add(path, text.getBytes(StandardCharsets.UTF_8));
    }

    void add(String path, byte[] bytes) throws IOException {
        try (OutputStream out = open(path)) {
            out.write(bytes);
        }
    }

    /**
     * Attachment content, copied as it is read. It is deflated at level 0 (stored blocks): media and
     * documents are mostly compressed already, and deflating them at the default level ran at about
     * 20 MB/s, a minute per gigabyte, for nothing.
     */
    void addContent(String path, InputStream content) throws IOException {
        zip.setLevel(Deflater.NO_COMPRESSION);
        try (OutputStream out = open(path); content) {
            content.transferTo(out);
        } finally {
            zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        }
    }

    /** An entry to write into; closing it records its digest and size. */
    OutputStream open(String path) throws IOException {
        if (entryOpen) {
            throw new IllegalStateException("an entry is still open");
        }
        if (!paths.add(path)) {
            throw new IllegalStateException("duplicate entry " + path);
        }
        ZipEntry entry = new ZipEntry(path);
        entry.setLastModifiedTime(time);
        zip.putNextEntry(entry);
        entryOpen = true;
        return new Digesting(path);
    }

    /** Every entry written so far, in order. */
    List<ManifestFile> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** A file of the archive as the manifest lists it. */
    record ManifestFile(String path, String sha256, long size) {
    }

    private final class Digesting extends FilterOutputStream {
        private final String path;
        private final MessageDigest digest = sha256();
        private long size;
        private boolean closed;

        Digesting(String path) {
            super(zip);
            this.path = path;
        }

        @Override
        public void write(int b) throws IOException {
            zip.write(b);
            digest.update((byte) b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            zip.write(b, off, len);
            digest.update(b, off, len);
            size += len;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            zip.closeEntry();
            entryOpen = false;
            files.add(new ManifestFile(path, HexFormat.of().formatHex(digest.digest()), size));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
