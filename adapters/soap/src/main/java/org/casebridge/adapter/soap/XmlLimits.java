package org.casebridge.adapter.soap;

import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import org.apache.cxf.message.Message;
import org.apache.cxf.staxutils.StaxUtils;

/**
 * The bounds on a request's XML, enforced by the one parser factory both SOAP endpoints read with
 * (the signed endpoint's WS-Security builds its DOM from the same stream). CXF's own
 * {@code org.apache.cxf.stax.*} endpoint properties are applied to a reader after Woodstox has
 * created it, and Woodstox fixes the attribute count per element when it creates the reader, so
 * that one bound stayed at CXF's factory default (500): the factory itself must carry them.
 */
final class XmlLimits {

    static final int MAX_DEPTH = 64;
    static final int MAX_CHILD_ELEMENTS = 10_000;
    static final long MAX_ELEMENT_COUNT = 200_000L;
    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_ATTRIBUTE_SIZE = 16 * 1024;
    /** Attachment content larger than this travels as MTOM parts, not inline base64. */
    static final int MAX_TEXT_LENGTH = 16 * 1024 * 1024;

    private XmlLimits() {
    }

    /** Puts the bounded factory, and the same bounds as CXF's reader properties, into an endpoint's settings. */
    static void apply(Map<String, Object> settings) {
        settings.put(XMLInputFactory.class.getName(), factory());
        // Woodstox factories create readers concurrently once configured; no need for CXF to lock.
        settings.put(Message.THREAD_SAFE_STAX_FACTORIES, Boolean.TRUE);
        settings.put(StaxUtils.MAX_ELEMENT_DEPTH, MAX_DEPTH);
        settings.put(StaxUtils.MAX_CHILD_ELEMENTS, MAX_CHILD_ELEMENTS);
        settings.put(StaxUtils.MAX_ELEMENT_COUNT, MAX_ELEMENT_COUNT);
        settings.put(StaxUtils.MAX_ATTRIBUTE_COUNT, MAX_ATTRIBUTES);
        settings.put(StaxUtils.MAX_ATTRIBUTE_SIZE, MAX_ATTRIBUTE_SIZE);
        settings.put(StaxUtils.MAX_TEXT_LENGTH, MAX_TEXT_LENGTH);
    }

    /** CXF's hardened factory (no DTDs, no external entities), with the gateway's bounds. */
    static XMLInputFactory factory() {
        XMLInputFactory factory = StaxUtils.createXMLInputFactory(true);
        if (!factory.getClass().getName().startsWith("com.ctc.wstx.")) {
            throw new IllegalStateException("the SOAP endpoints need Woodstox to bound the XML they read, not " + factory.getClass());
        }
        factory.setProperty("com.ctc.wstx.maxElementDepth", MAX_DEPTH);
        factory.setProperty("com.ctc.wstx.maxChildrenPerElement", MAX_CHILD_ELEMENTS);
        factory.setProperty("com.ctc.wstx.maxElementCount", MAX_ELEMENT_COUNT);
        factory.setProperty("com.ctc.wstx.maxAttributesPerElement", MAX_ATTRIBUTES);
        factory.setProperty("com.ctc.wstx.maxAttributeSize", MAX_ATTRIBUTE_SIZE);
        factory.setProperty("com.ctc.wstx.maxTextLength", MAX_TEXT_LENGTH);
        return factory;
    }
}
