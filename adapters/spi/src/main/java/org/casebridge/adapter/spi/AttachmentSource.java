package org.casebridge.adapter.spi;

import java.io.IOException;
import java.io.InputStream;

/** Stored attachment content, opened as a stream only when a transport sends it. */
public interface AttachmentSource {

    String sha256();

    String mediaType();

    long size();

    InputStream open() throws IOException;
}
