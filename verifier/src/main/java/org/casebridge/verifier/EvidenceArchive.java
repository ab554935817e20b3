package org.casebridge.verifier;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The exported zip, read entry by entry from disk: big attachments are streamed, never loaded. */
final class EvidenceArchive implements Closeable {

    /** Small JSON and XML files are read whole; nothing the gateway writes there comes near this. */
    private static final long MAX_READ = 64L * 1024 * 1024;

    private final ZipFile zip;
    private final List<String> paths;

    private EvidenceArchive(ZipFile zip, List<String> paths) {
        this.zip = zip;
        this.paths = paths;
    }

    /** @throws IOException when the file is not a readable zip */
    static EvidenceArchive open(Path file) throws IOException {
        ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
        Set<String> paths = new LinkedHashSet<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (entry.isDirectory()) {
                continue;
            }
            if (!paths.add(entry.getName())) {
                zip.close();
                throw new IOException("the zip holds " + entry.getName() + " twice");
            }
        }
        return new EvidenceArchive(zip, List.copyOf(paths));
    }

    List<String> paths() {
        return paths;
    }

    boolean has(String path) {
        return paths.contains(path);
    }

    byte[] read(String path) throws Invalid {
        ZipEntry entry = zip.getEntry(path);
        if (entry == null || entry.isDirectory()) {
            throw new Invalid(path + " is missing from the archive");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) MAX_READ + 1);
            if (bytes.length > MAX_READ) {
                throw new Invalid(path + " is larger than " + MAX_READ + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new Invalid(path + " cannot be read: " + e.getMessage());
        }
    }

    String text(String path) throws Invalid {
        return new String(read(path), StandardCharsets.UTF_8);
    }

    BufferedReader lines(String path) throws Invalid {
        ZipEntry entry = zip.getEntry(path);
        if (entry == null) {
            throw new Invalid(path + " is missing from the archive");
        }
        try {
            return new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Invalid(path + " cannot be read: " + e.getMessage());
        }
    }

    /** SHA-256 (hex) and size of an entry's content, streamed. */
    Digest digest(String path) throws Invalid {
        ZipEntry entry = zip.getEntry(path);
        if (entry == null) {
            throw new Invalid(path + " is missing from the archive");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            MessageDigest sha = sha256();
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                sha.update(buffer, 0, read);
                size += read;
            }
            return new Digest(HexFormat.of().formatHex(sha.digest()), size);
        } catch (IOException e) {
            throw new Invalid(path + " cannot be read: " + e.getMessage());
        }
    }

    /** Paths directly or indirectly under a folder, such as {@code messages/}. */
    List<String> under(String folder) {
        List<String> found = new ArrayList<>();
        for (String path : paths) {
            if (path.startsWith(folder)) {
                found.add(path);
            }
        }
        return found;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    record Digest(String sha256, long size) {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
