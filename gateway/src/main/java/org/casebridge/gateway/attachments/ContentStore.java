package org.casebridge.gateway.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Content-addressed files: {@code sha256/ab/cd/abcd...}. Content is written to a temporary file
 * while hashed, flushed to disk, and moved into place only if it is what the caller announced, so
 * a file under its digest name is always complete and correct.
 */
final class ContentStore {

    private static final int BUFFER = 64 * 1024;
    /** How often a long upload asks whether there is still room (see {@link #write}). */
    private static final long CHECKPOINT = 16L * 1024 * 1024;
    private final Path root;
    private final Path incoming;

    ContentStore(Path root) throws IOException {
        this.root = root.resolve("sha256");
        this.incoming = root.resolve("incoming");
        Files.createDirectories(this.root);
        Files.createDirectories(this.incoming);
    }

    /** What happened to an upload. */
    sealed interface Outcome {
        /** @param created whether this upload put the file there (not an earlier one of the same content) */
        record Stored(String sha256, long size, boolean created) implements Outcome {
        }

        record TooLarge(long limit) implements Outcome {
        }

        record DigestMismatch(String expected, String actual, long size) implements Outcome {
        }

        /** Verified content in a temporary file, not yet under its digest name. */
        record Staged(String sha256, long size, Path file) implements Outcome {
        }
    }

    Outcome write(InputStream content, String expectedSha256, long maxSize) throws IOException {
        return write(content, expectedSha256, maxSize, () -> { });
    }

    /**
     * Streams the content into a temporary file, then into place under its digest. The partial file
     * is removed whatever happens, a full disk or a refusal by {@code checkpoint} (asked every 16 MB) included.
     */
    Outcome write(InputStream content, String expectedSha256, long maxSize, Runnable checkpoint) throws IOException {
        Outcome outcome = stage(content, expectedSha256, maxSize, checkpoint);
        if (!(outcome instanceof Outcome.Staged staged)) {
            return outcome;
        }
        try {
            return new Outcome.Stored(staged.sha256(), staged.size(), place(staged));
        } finally {
            release(staged);
        }
    }

    /**
     * Streams the content into a temporary file, hashed and flushed, but not into place: it is under
     * no digest name until {@link #place} puts it there, and {@link #release} removes it. Content
     * that is not what the caller announced is removed at once.
     */
    Outcome stage(InputStream content, String expectedSha256, long maxSize, Runnable checkpoint) throws IOException {
        Path temporary = Files.createTempFile(incoming, "upload-", ".part");
        boolean kept = false;
        try {
            MessageDigest digest = sha256();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                int read;
                while ((read = content.read(buffer)) != -1) {
                    size += read;
                    if (size > maxSize) {
                        return new Outcome.TooLarge(maxSize);
                    }
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                    if (size / CHECKPOINT != (size - read) / CHECKPOINT) {
                        checkpoint.run();
                    }
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expectedSha256)) {
                return new Outcome.DigestMismatch(expectedSha256, actual, size);
            }
            force(temporary);
            kept = true;
            return new Outcome.Staged(actual, size, temporary);
        } finally {
            if (!kept) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** Moves staged content into place under its digest; false if the same content was there already. */
    boolean place(Outcome.Staged staged) throws IOException {
        return moveIntoPlace(staged.file(), pathOf(staged.sha256()));
    }

    /** Removes what is left of staged content (nothing once it is in place). */
    void release(Outcome.Staged staged) throws IOException {
        Files.deleteIfExists(staged.file());
    }

    /** Removes content this gateway could not record after all. */
    void discard(String sha256) throws IOException {
        Files.deleteIfExists(pathOf(sha256));
    }

    Optional<Path> find(String sha256) {
        Path path = pathOf(sha256);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    private Path pathOf(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    private static boolean moveIntoPlace(Path temporary, Path target) throws IOException {
        if (Files.exists(target)) {
            return false;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException alreadyThere) {
            // Another upload of the same content won the race; its bytes are the same.
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the attachment store must be on one file system", e);
        }
        force(target.getParent());
        return true;
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
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
