package org.casebridge.gateway.receipts;

import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.apache.xml.security.utils.ElementProxy;
import org.casebridge.contracts.codec.ContractXml;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Enveloped XML-DSig (ECDSA-SHA256, exclusive c14n) over a whole standalone document, with the
 * certificate in KeyInfo: the form xmlsec1 and every XML-DSig library verify.
 */
@Component
class XmlSigner {

    static {
        // Base64 values without CR LF: a carriage return in SignedInfo does not survive an XML
        // parser (it becomes LF), and the signature would break on the first hop.
        System.setProperty("org.apache.xml.security.ignoreLineBreaks", "true");
        Init.init();
        try {
            ElementProxy.setDefaultPrefix(Constants.SignatureSpecNS, "ds");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SigningKey key;

    XmlSigner(SigningKeys keys) {
        this.key = keys.active();
    }

    /** Signs the document in place and returns its bytes exactly as signed. */
    byte[] sign(Document document) {
        try {
            Element root = document.getDocumentElement();
            XMLSignature signature = new XMLSignature(document, "", XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
                    Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            root.appendChild(signature.getElement());
            Transforms transforms = new Transforms(document);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("", transforms, org.apache.xml.security.algorithms.MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
            signature.addKeyInfo(key.certificate());
            signature.getKeyInfo().addKeyName(key.kid());
            signature.sign(key.privateKey());
            return ContractXml.serialize(document);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign XML", e);
        }
    }
}
