package org.casebridge.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import java.io.ByteArrayInputStream;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.xml.security.Init;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Checks the gateway's two kinds of signature against the trusted keys only. */
final class Signatures {

    static {
        Init.init();
    }

    private final TrustedKeys trusted;

    Signatures(TrustedKeys trusted) {
        this.trusted = trusted;
    }

    /** A JWS that verified: the key that signed it and the bytes it covers. */
    record VerifiedJws(String kid, String type, byte[] payload) {
    }

    /** A compact ES256 JWS, verified with the trusted key its header names. */
    VerifiedJws jws(String compact) throws Invalid {
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact.strip());
        } catch (java.text.ParseException e) {
            throw new Invalid("not a compact JWS: " + e.getMessage());
        }
        if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
            throw new Invalid("JWS algorithm is " + jws.getHeader().getAlgorithm() + ", not ES256");
        }
        String kid = jws.getHeader().getKeyID();
        if (kid == null) {
            throw new Invalid("JWS header names no key (kid)");
        }
        ECKey key = trusted.key(kid).orElseThrow(() -> new Invalid("signed by key " + kid + ", which is not among the trusted keys"));
        try {
            if (!jws.verify(new ECDSAVerifier(key))) {
                throw new Invalid("JWS signature does not verify with key " + kid);
            }
        } catch (JOSEException e) {
            throw new Invalid("JWS cannot be verified with key " + kid + ": " + e.getMessage());
        }
        String type = jws.getHeader().getType() == null ? null : jws.getHeader().getType().getType();
        return new VerifiedJws(kid, type, jws.getPayload().toBytes());
    }

    /** A JWS whose payload must be exactly these bytes. */
    VerifiedJws jwsOver(String compact, byte[] expectedPayload) throws Invalid {
        VerifiedJws verified = jws(compact);
        if (!Arrays.equals(verified.payload(), expectedPayload)) {
            throw new Invalid("the JWS verifies, but signs other bytes than the document shows");
        }
        return verified;
    }

    /**
     * An enveloped XML-DSig over the whole document (one Reference, URI ""), with Santuario's
     * secure validation, by a key that is trusted: the certificate in KeyInfo only says which one.
     *
     * @return the parsed document and the kid of the key that signed it
     */
    SignedXml xml(byte[] bytes) throws Invalid {
        Document document = parse(bytes);
        Element root = document.getDocumentElement();
        NodeList signatures = document.getElementsByTagNameNS(Constants.SignatureSpecNS, "Signature");
        if (signatures.getLength() != 1) {
            throw new Invalid("expected exactly one XML signature, found " + signatures.getLength());
        }
        Element element = (Element) signatures.item(0);
        if (element.getParentNode() != root) {
            throw new Invalid("the XML signature is not enveloped in the document element");
        }
        try {
            XMLSignature signature = new XMLSignature(element, "", true);
            if (signature.getSignedInfo().getLength() != 1) {
                throw new Invalid("the XML signature has " + signature.getSignedInfo().getLength() + " references, not one");
            }
            Reference reference = signature.getSignedInfo().item(0);
            if (!"".equals(reference.getURI())) {
                throw new Invalid("the XML signature covers " + reference.getURI() + ", not the whole document");
            }
            KeyInfo keyInfo = signature.getKeyInfo();
            X509Certificate certificate = keyInfo == null ? null : keyInfo.getX509Certificate();
            if (certificate == null) {
                throw new Invalid("the XML signature carries no certificate in KeyInfo");
            }
            String kid = trusted.kidOf(certificate.getPublicKey()).orElseThrow(() -> new Invalid(
                    "the XML signature's certificate (" + certificate.getSubjectX500Principal() + ") holds no trusted key"));
            ECKey key = trusted.key(kid).orElseThrow();
            if (!signature.checkSignatureValue(key.toECPublicKey())) {
                throw new Invalid("the XML signature does not verify with key " + kid);
            }
            return new SignedXml(document, kid);
        } catch (Invalid e) {
            throw e;
        } catch (Exception e) {
            throw new Invalid("the XML signature cannot be verified: " + e.getMessage());
        }
    }

    record SignedXml(Document document, String kid) {
        /** Text of the first element of this local name in the casebridge namespace, or null. */
        String text(String localName) {
            NodeList found = document.getElementsByTagNameNS("urn:casebridge:v1", localName);
            Node node = found.getLength() == 0 ? null : found.item(0);
            return node == null ? null : node.getTextContent().strip();
        }
    }

    private static Document parse(byte[] bytes) throws Invalid {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new Invalid("not well-formed XML: " + e.getMessage());
        }
    }
}
