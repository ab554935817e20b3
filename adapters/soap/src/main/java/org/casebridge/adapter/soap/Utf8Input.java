package org.casebridge.adapter.soap;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.cxf.interceptor.StaxInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.casebridge.contracts.codec.StrictUtf8;

/**
 * Checks that a request's XML (the SOAP part of an MTOM package, or the whole body) is the UTF-8
 * it says it is, as the parser reads it. Woodstox decodes UTF-8 leniently: it reads the overlong
 * {@code C0 AF} as '/', which JSON intake refuses; both encodings now refuse the same bytes. MTOM
 * parts are binary and not touched.
 */
final class Utf8Input extends AbstractPhaseInterceptor<Message> {

    Utf8Input() {
        super(Phase.POST_STREAM);
        addBefore(StaxInInterceptor.class.getName());
    }

    @Override
    public void handleMessage(Message message) {
        InputStream in = message.getContent(InputStream.class);
        Object encoding = message.get(Message.ENCODING);
        if (in != null && (encoding == null || StandardCharsets.UTF_8.name().equalsIgnoreCase(encoding.toString()))) {
            message.setContent(InputStream.class, StrictUtf8.checking(in));
        }
    }
}
