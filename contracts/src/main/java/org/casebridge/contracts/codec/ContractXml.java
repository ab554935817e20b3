package org.casebridge.contracts.codec;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.casebridge.contracts.v1.ObjectFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The XML encoding of the contract: JAXB binding, the XSD, and parsers hardened against hostile XML. */
public final class ContractXml {

    public static final String NAMESPACE = "urn:casebridge:v1";
    public static final String XSD = "casebridge/v1/casebridge-v1.xsd";

    private static final JAXBContext CONTEXT = createContext();
    private static final Schema SCHEMA = loadSchema();
    private static final DocumentBuilderFactory SECURE_DOM = secureDocumentBuilderFactory();

    private ContractXml() {
    }

    public static JAXBContext context() {
        return CONTEXT;
    }

    public static Schema schema() {
        return SCHEMA;
    }

    /** Marshals a root element object (Message, TransportReceipt, SealedMessage, ...) into a new document. */
    public static Document toDocument(Object root) {
        Document document = newDocument();
        try {
            marshaller().marshal(root, document);
        } catch (JAXBException e) {
            throw new IllegalArgumentException("cannot encode " + root.getClass().getSimpleName() + " as XML", e);
        }
        return document;
    }

    public static <T> T fromNode(Node node, Class<T> type) {
        try {
            Unmarshaller unmarshaller = CONTEXT.createUnmarshaller();
            unmarshaller.setEventHandler(event -> false);
            return unmarshaller.unmarshal(node, type).getValue();
        } catch (JAXBException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + describe(e), e);
        }
    }

    public static Marshaller marshaller() throws JAXBException {
        Marshaller marshaller = CONTEXT.createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
        return marshaller;
    }

    public static Document newDocument() {
        return documentBuilder().newDocument();
    }

    /** Parses untrusted XML: no DTD, no external entity or schema, bounded by the JDK's secure processing limits. */
    public static Document parse(InputStream in) throws SAXException, java.io.IOException {
        return documentBuilder().parse(in);
    }

    public static byte[] serialize(Node node) {
        try {
            Transformer transformer = TransformerFactory.newDefaultInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            transformer.transform(new DOMSource(node), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize XML", e);
        }
    }

    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        Throwable linked = e instanceof JAXBException jaxb ? jaxb.getLinkedException() : null;
        String message = linked != null ? linked.getMessage() : cause.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static DocumentBuilder documentBuilder() {
        try {
            return SECURE_DOM.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JAXBContext createContext() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Schema loadSchema() {
        URL xsd = ContractXml.class.getClassLoader().getResource(XSD);
        if (xsd == null) {
            throw new IllegalStateException(XSD + " is missing from the classpath");
        }
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // The contract is one self-contained file: nothing may be fetched while compiling it.
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(xsd);
        } catch (SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static DocumentBuilderFactory secureDocumentBuilderFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }
}
