package org.casebridge.adapter.soap;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import org.apache.cxf.attachment.LazyDataSource;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Attachment;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.v1.AttachmentContent;
import org.casebridge.contracts.v1.SubmitRequest;

/**
 * Resolves every {@code xop:Include} of a request to a MIME part of that same request before the
 * service sees it. JAXB hands the service a data source that looks the part up only when it is
 * first read, so a reference to a part that is not there (a typo, a {@code cid:} of another
 * request, a {@code file:} or {@code http:} URL) would fail inside the service as the gateway's
 * own error; resolved here, it is the caller's malformed request. Nothing but the request's own
 * parts is ever read: a data source that is not one of them (CXF follows URLs when the system
 * property {@code org.apache.cxf.attachment.xop.follow.urls} is set) is refused unread.
 */
final class XopParts extends AbstractPhaseInterceptor<Message> {

    XopParts() {
        super(Phase.PRE_INVOKE);
    }

    @Override
    public void handleMessage(Message message) {
        List<?> parameters = message.getContent(List.class);
        if (parameters == null) {
            return;
        }
        for (Object parameter : parameters) {
            if (parameter instanceof SubmitRequest submit) {
                List<AttachmentContent> contents = submit.getAttachmentContents();
                for (int i = 0; i < contents.size(); i++) {
                    AttachmentContent content = contents.get(i);
                    String field = "/SubmitRequest/attachmentContent[" + (i + 1) + "]/content";
                    DataSource source = resolve(content.getContent(), message.getAttachments(), field);
                    if (source != null) {
                        content.setContent(new DataHandler(new CallersContent(source, field)));
                    }
                }
            }
        }
    }

    /** The part's data source, or null if there is no content to read. */
    private static DataSource resolve(DataHandler content, Collection<Attachment> parts, String field) {
        if (content == null) {
            return null;
        }
        DataSource source = content.getDataSource();
        if (source instanceof LazyDataSource lazy) {
            try {
                source = lazy.getDataSource();
            } catch (IllegalStateException missing) {
                throw refused(field + ": the xop:Include names no part of this request");
            }
            if (!isPartOf(source, parts)) {
                throw refused(field + ": the xop:Include names no part of this request");
            }
        } else if (source instanceof jakarta.activation.URLDataSource || source instanceof jakarta.activation.FileDataSource) {
            throw refused(field + ": an xop:Include may name only a part of this request");
        }
        return source;
    }

    /**
     * A part as the service reads it: the request's bytes, so a failure to read them (a part cut
     * short, a Content-Transfer-Encoding its bytes do not follow) is the caller's malformed
     * request, not the storage's failure that an IOException would look like where it is stored.
     */
    private record CallersContent(DataSource part, String field) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            InputStream in = part.getInputStream();
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (IOException e) {
                        throw unreadable(e);
                    }
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    try {
                        return super.read(buffer, off, len);
                    } catch (IOException e) {
                        throw unreadable(e);
                    }
                }
            };
        }

        private GatewayRejection unreadable(IOException e) {
            return new GatewayRejection(GatewayRejection.Reason.MALFORMED_REQUEST, "the MTOM part could not be read: " + e.getMessage(), field);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("a request's part is read only");
        }

        @Override
        public String getContentType() {
            return part.getContentType();
        }

        @Override
        public String getName() {
            return part.getName();
        }
    }

    private static boolean isPartOf(DataSource source, Collection<Attachment> parts) {
        if (parts != null) {
            for (Attachment part : parts) {
                if (part.getDataHandler() != null && part.getDataHandler().getDataSource() == source) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Fault refused(String message) {
        return new Fault(new IllegalArgumentException(message));
    }
}
