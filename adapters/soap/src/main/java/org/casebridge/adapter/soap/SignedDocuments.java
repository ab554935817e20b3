package org.casebridge.adapter.soap;

import jakarta.activation.DataHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.cxf.jaxb.JAXBDataBinding;
import org.casebridge.adapter.spi.AttachmentSource;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.AttachmentContent;
import org.casebridge.contracts.v1.Delivery;
import org.casebridge.contracts.v1.DispatchKind;
import org.xml.sax.SAXException;

/**
 * Signed XML travels as a DOM element written as it is: JAXB never re-encodes it, so the
 * signature still verifies when the recipient takes it out of the SOAP body.
 */
final class SignedDocuments {

    /**
     * The prefix of the contract namespace in the SOAP messages the gateway writes. A signed document
     * declares the contract namespace as its default namespace; JAXB leaves out a declaration that an
     * ancestor it wrote already made, so a wrapper in the same default namespace would take the
     * declaration off the signed element, and the element cut out of the response would no longer
     * verify. With the wrappers under this prefix, the signed element keeps every declaration it
     * uses (the default namespace and ds) on itself.
     */
    static final Map<String, String> WRAPPER_PREFIXES = Map.of(ContractFaultInterceptor.NAMESPACE, "cb");

    private SignedDocuments() {
    }

    /** The JAXB binding for a gateway endpoint or client: wrappers under {@link #WRAPPER_PREFIXES}. */
    static JAXBDataBinding dataBinding() {
        JAXBDataBinding binding = new JAXBDataBinding();
        binding.setNamespaceMap(new java.util.HashMap<>(WRAPPER_PREFIXES));
        return binding;
    }

    static org.casebridge.contracts.v1.SignedDocument toContract(SignedDocument document) {
        if (document.encoding() != Encoding.XML) {
            throw new IllegalArgumentException("SOAP carries XML documents");
        }
        org.casebridge.contracts.v1.SignedDocument signed = new org.casebridge.contracts.v1.SignedDocument();
        try {
            signed.setAny(ContractXml.parse(new ByteArrayInputStream(document.content())).getDocumentElement());
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("a signed document of the gateway does not parse", e);
        }
        return signed;
    }

    static Delivery delivery(String dispatchId, DispatchKind kind, SignedDocument document, List<AttachmentSource> attachments) {
        Delivery delivery = new Delivery();
        delivery.setDispatchId(dispatchId);
        delivery.setKind(kind);
        delivery.setDocument(toContract(document));
        for (AttachmentSource source : attachments) {
            AttachmentContent content = new AttachmentContent();
            content.setSha256(source.sha256());
            content.setContent(new DataHandler(new StreamingDataSource(source)));
            delivery.getAttachmentContents().add(content);
        }
        return delivery;
    }
}
