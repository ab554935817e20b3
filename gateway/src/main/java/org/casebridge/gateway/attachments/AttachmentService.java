package org.casebridge.gateway.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.casebridge.adapter.spi.AttachmentPort;
import org.casebridge.adapter.spi.AttachmentSource;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.gateway.GatewayProperties;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.Action;
import org.casebridge.gateway.storage.StorageGuard;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;

/** Stores and serves attachment content for every transport. */
@Service
public class AttachmentService implements AttachmentPort {

    private final ContentStore store;
    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final Clock clock;
    private final long maxSize;
    private final StorageGuard guard;

    AttachmentService(GatewayProperties gateway, AttachmentProperties properties, JdbcClient jdbc,
            AccessPolicy access, Clock clock, StorageGuard guard) throws IOException {
        this.store = new ContentStore(properties.dir() == null ? gateway.dataPath("attachments")
                : properties.dir().toAbsolutePath().normalize());
        this.jdbc = jdbc;
        this.access = access;
        this.clock = clock;
        this.maxSize = properties.maxSize().toBytes();
        this.guard = guard;
    }

    @Override
    public StoredAttachment store(Caller caller, InputStream content, String expectedSha256, String mediaType,
            long declaredSize) {
        String uploader = access.requireAgencySystem(caller, Action.UPLOAD_ATTACHMENT, "attachment:" + expectedSha256);
        if (declaredSize > maxSize) {
            throw tooLarge(declaredSize + " bytes");
        }
        long limit = declaredSize < 0 ? maxSize : declaredSize;
        guard.requireRoom();
        ContentStore.Outcome outcome;
        try {
            outcome = store.write(content, expectedSha256, limit, guard::requireRoom);
        } catch (IOException e) {
            throw guard.refusalFor(e).orElseGet(() ->
                    new GatewayRejection(Reason.UNAVAILABLE, "attachment content could not be stored: " + e.getMessage()));
        }
        return switch (outcome) {
            case ContentStore.Outcome.TooLarge tooLarge -> throw tooLarge.limit() == maxSize
                    ? tooLarge("more than " + maxSize + " bytes")
                    : new GatewayRejection(Reason.TOO_LARGE, "attachment content exceeds its announced size of "
                            + tooLarge.limit() + " bytes");
            case ContentStore.Outcome.DigestMismatch mismatch -> throw new GatewayRejection(
                    Reason.ATTACHMENT_DIGEST_MISMATCH, "attachment content has SHA-256 " + mismatch.actual()
                    + " (" + mismatch.size() + " bytes), not the declared " + mismatch.expected());
            case ContentStore.Outcome.Stored stored -> {
                record(stored, mediaType, uploader);
                yield new StoredAttachment(stored.sha256(), stored.size(), mediaType);
            }
        };
    }

    private GatewayRejection tooLarge(String size) {
        return new GatewayRejection(Reason.TOO_LARGE, "attachment content of " + size + " exceeds the gateway's maximum of "
                + maxSize + " bytes (" + DataSize.ofBytes(maxSize).toMegabytes() + " MB, casebridge.attachments.max-size)");
    }

    /** The content's row; if the store of record refuses it, the file this upload created goes too. */
    private void record(ContentStore.Outcome.Stored stored, String mediaType, String uploader) {
        try {
            jdbc.sql("""
                            INSERT INTO attachment (sha256, size, media_type, stored_at, uploaded_by)
                            VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING""")
                    .params(stored.sha256(), stored.size(), mediaType, Timestamp.from(clock.instant()), uploader)
                    .update();
        } catch (RuntimeException e) {
            if (stored.created()) {
                try {
                    store.discard(stored.sha256());
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw guard.refusalFor(e).orElseThrow(() -> e);
        }
    }

    /** Stored content and its size, if any; used by intake to check what a message names. */
    public Optional<Long> storedSize(String sha256) {
        return store.find(sha256).map(path -> {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public AttachmentSource open(Caller caller, String sha256) {
        String uploader = jdbc.sql("SELECT uploaded_by FROM attachment WHERE sha256 = ?")
                .param(sha256).query(String.class).optional().orElse(null);
        access.requireAttachmentRead(caller, sha256, uploader);
        return source(sha256);
    }

    /** Content for the gateway's own deliveries, where the access check was the routing itself. */
    public AttachmentSource source(String sha256) {
        Path path = store.find(sha256).orElseThrow(() ->
                new GatewayRejection(Reason.NOT_FOUND, "no attachment content " + sha256));
        String mediaType = jdbc.sql("SELECT media_type FROM attachment WHERE sha256 = ?")
                .param(sha256).query(String.class).optional().orElse("application/octet-stream");
        return new FileAttachment(sha256, mediaType, path);
    }

    private record FileAttachment(String sha256, String mediaType, Path path) implements AttachmentSource {
        @Override
        public long size() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }
}
