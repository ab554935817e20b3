package org.casebridge.adapter.soap;

import jakarta.activation.DataHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
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

    private SignedDocuments() {
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
