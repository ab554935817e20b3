package org.casebridge.gateway.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.casebridge.adapter.spi.AttachmentPort;
import org.casebridge.adapter.spi.AttachmentSource;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.gateway.GatewayProperties;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.Action;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.storage.StorageGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;

/** Stores and serves attachment content for every transport. */
@Service
public class AttachmentService implements AttachmentPort {

    private static final Logger log = LoggerFactory.getLogger(AttachmentService.class);

    private final ContentStore store;
    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final Clock clock;
    private final long maxSize;
    private final StorageGuard guard;
    private final MessageArchive archive;

    AttachmentService(GatewayProperties gateway, AttachmentProperties properties, JdbcClient jdbc,
            AccessPolicy access, Clock clock, StorageGuard guard, MessageArchive archive) throws IOException {
        this.archive = archive;
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
        ContentStore.Outcome.Staged staged = staged(content, expectedSha256, declaredSize);
        boolean created;
        try {
            created = store.place(staged);
        } catch (IOException e) {
            throw unstored(e);
        } finally {
            release(staged);
        }
        record(staged.sha256(), staged.size(), mediaType, uploader, created);
        return new StoredAttachment(staged.sha256(), staged.size(), mediaType);
    }

    @Override
    public Staged stage(Caller caller, InputStream content, String expectedSha256, String mediaType, long declaredSize) {
        String uploader = access.requireAgencySystem(caller, Action.UPLOAD_ATTACHMENT, "attachment:" + expectedSha256);
        return new StagedFile(staged(content, expectedSha256, declaredSize), mediaType, uploader);
    }

    /** Verified content in a temporary file; refusals as the transports report them. */
    private ContentStore.Outcome.Staged staged(InputStream content, String expectedSha256, long declaredSize) {
        if (declaredSize > maxSize) {
            throw tooLarge(declaredSize + " bytes");
        }
        long limit = declaredSize < 0 ? maxSize : declaredSize;
        guard.requireRoom();
        ContentStore.Outcome outcome;
        try {
            outcome = store.stage(content, expectedSha256, limit, guard::requireRoom);
        } catch (IOException e) {
            throw unstored(e);
        }
        return switch (outcome) {
            case ContentStore.Outcome.TooLarge tooLarge -> throw tooLarge.limit() == maxSize
                    ? tooLarge("more than " + maxSize + " bytes")
                    : new GatewayRejection(Reason.TOO_LARGE, "attachment content exceeds its announced size of "
                            + tooLarge.limit() + " bytes");
            case ContentStore.Outcome.DigestMismatch mismatch -> throw new GatewayRejection(
                    Reason.ATTACHMENT_DIGEST_MISMATCH, "attachment content has SHA-256 " + mismatch.actual()
                    + " (" + mismatch.size() + " bytes), not the declared " + mismatch.expected());
            case ContentStore.Outcome.Staged staged -> staged;
            case ContentStore.Outcome.Stored stored -> throw new IllegalStateException("staging stores nothing");
        };
    }

    private GatewayRejection unstored(IOException e) {
        return guard.refusalFor(e).orElseGet(() ->
                new GatewayRejection(Reason.UNAVAILABLE, "attachment content could not be stored: " + e.getMessage()));
    }

    private GatewayRejection tooLarge(String size) {
        return new GatewayRejection(Reason.TOO_LARGE, "attachment content of " + size + " exceeds the gateway's maximum of "
                + maxSize + " bytes (" + DataSize.ofBytes(maxSize).toMegabytes() + " MB, casebridge.attachments.max-size)");
    }

    /** The content's row and the uploader's; if the store of record refuses them, the file this upload created goes too. */
    private void record(String sha256, long size, String mediaType, String uploader, boolean created) {
        try {
            insertRows(sha256, size, mediaType, uploader);
        } catch (RuntimeException e) {
            if (created) {
                discardUnrecorded(sha256, e);
            }
            throw guard.refusalFor(e).orElseThrow(() -> e);
        }
    }

    private void insertRows(String sha256, long size, String mediaType, String uploader) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        INSERT INTO attachment (sha256, size, media_type, stored_at, uploaded_by)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING""")
                .params(sha256, size, mediaType, now, uploader)
                .update();
        jdbc.sql("""
                        INSERT INTO attachment_upload (sha256, agency_id, uploaded_at, media_type)
                        VALUES (?, ?, ?, ?) ON CONFLICT (sha256, agency_id) DO NOTHING""")
                .params(sha256, uploader, now, mediaType)
                .update();
    }

    /** Removes a file this gateway created but could not record, unless another upload recorded it meanwhile. */
    private void discardUnrecorded(String sha256, Throwable failure) {
        try {
            boolean recorded = jdbc.sql("SELECT count(*) FROM attachment WHERE sha256 = ?")
                    .param(sha256).query(Integer.class).single() > 0;
            if (!recorded) {
                store.discard(sha256);
            }
        } catch (IOException | RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /**
     * Puts the staged content of a message about to be recorded under its digest, before the
     * recording transaction: a file without its row is invisible, a row without its file would not be.
     */
    public void place(List<Staged> content) {
        for (Staged staged : content) {
            StagedFile file = (StagedFile) staged;
            try {
                file.placed(store.place(file.staged));
            } catch (IOException e) {
                throw unstored(e);
            }
        }
    }

    /** In the transaction that records the message carrying it: the content's row and its uploader's. */
    public void record(List<Staged> content) {
        for (Staged staged : content) {
            StagedFile file = (StagedFile) staged;
            insertRows(file.sha256(), file.size(), file.mediaType, file.uploader);
        }
    }

    /** The message was not recorded after all: the files {@link #place} created go, unless recorded by another upload. */
    public void discard(List<Staged> content, Throwable failure) {
        for (Staged staged : content) {
            StagedFile file = (StagedFile) staged;
            if (file.created) {
                discardUnrecorded(file.sha256(), failure);
            }
        }
    }

    /**
     * The size of stored content that an agency may name in a message: content it uploaded, or
     * that reached it in a message it may read. Empty for any other content, stored or not.
     */
    public Optional<Long> usableSize(String agencyId, String sha256) {
        return jdbc.sql("SELECT size FROM attachment WHERE sha256 = ?").param(sha256).query(Long.class).optional()
                .filter(size -> access.mayUseAttachment(agencyId, sha256, uploaders(sha256)));
    }

    private List<String> uploaders(String sha256) {
        return jdbc.sql("SELECT agency_id FROM attachment_upload WHERE sha256 = ?").param(sha256).query(String.class).list();
    }

    @Override
    public AttachmentSource open(Caller caller, String sha256) {
        access.requireAttachmentRead(caller, sha256, uploaders(sha256));
        return source(sha256, mediaTypeFor(caller, sha256));
    }

    /**
     * The media type the caller's agency gave the content (its upload, or the first message it
     * received naming it), not another agency's: the same bytes may be uploaded under other types.
     */
    private String mediaTypeFor(Caller caller, String sha256) {
        if (caller.agencyId() == null) {
            return null;
        }
        return jdbc.sql("SELECT media_type FROM attachment_upload WHERE sha256 = ? AND agency_id = ?")
                .params(sha256, caller.agencyId()).query(String.class).optional()
                .or(() -> archive.attachmentMediaType(caller.agencyId(), sha256))
                .orElse(null);
    }

    /** Content for the gateway's own deliveries, where the access check was the routing itself. */
    public AttachmentSource source(String sha256) {
        return source(sha256, null);
    }

    /** @param mediaType as the message that carries the content declares it; null: as first recorded */
    public AttachmentSource source(String sha256, String mediaType) {
        Path path = store.find(sha256).orElseThrow(() ->
                new GatewayRejection(Reason.NOT_FOUND, "no attachment content " + sha256));
        String type = mediaType != null ? mediaType : jdbc.sql("SELECT media_type FROM attachment WHERE sha256 = ?")
                .param(sha256).query(String.class).optional().orElse("application/octet-stream");
        return new FileAttachment(sha256, type, path);
    }

    /** Staged content of one submission; the file it names is removed on close unless it was placed. */
    private final class StagedFile implements Staged {
        private final ContentStore.Outcome.Staged staged;
        private final String mediaType;
        private final String uploader;
        private boolean created;

        StagedFile(ContentStore.Outcome.Staged staged, String mediaType, String uploader) {
            this.staged = staged;
            this.mediaType = mediaType;
            this.uploader = uploader;
        }

        void placed(boolean created) {
            this.created |= created;
        }

        @Override
        public String sha256() {
            return staged.sha256();
        }

        @Override
        public long size() {
            return staged.size();
        }

        /** Never throws: it runs after intake has answered, and a leftover temporary file must not change that answer. */
        @Override
        public void close() {
            try {
                store.release(staged);
            } catch (IOException e) {
                log.warn("staged attachment content {} could not be removed: {}", staged.file(), e.toString());
            }
        }
    }

    private void release(ContentStore.Outcome.Staged staged) {
        try {
            store.release(staged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
