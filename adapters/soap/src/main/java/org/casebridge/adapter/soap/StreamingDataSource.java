package org.casebridge.adapter.soap;

import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.casebridge.adapter.spi.AttachmentSource;

/** Stored content as an MTOM part: opened when CXF writes it, streamed, never loaded whole. */
final class StreamingDataSource implements DataSource {

    private final AttachmentSource source;

    StreamingDataSource(AttachmentSource source) {
        this.source = source;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return source.open();
    }

    @Override
    public OutputStream getOutputStream() {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public String getContentType() {
        return "application/octet-stream";
    }

    @Override
    public String getName() {
        return source.sha256();
    }
}
