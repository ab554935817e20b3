package org.casebridge.testkit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.crypto.XMLStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The independent verifiers accept what is signed as the gateway signs, and reject every kind of tampering.
 *
 * <p>Fixtures are made here with the JDK only: key pairs and self-signed certificates by the JDK's keytool, JWS by
 * {@code SHA256withECDSAinP1363Format} over a small RFC 8785 canonicalization written below (so the npm
 * {@code canonicalize} package is checked against a second implementation), and XML signatures by the JDK's XML
 * Digital Signature API (javax.xml.crypto), a different implementation than xmlsec1.
 */
class IndependentVerifiersTest {

    private static final String XMLNS = "urn:casebridge:v1";
    private static final String GATEWAY_DN = "CN=Casebridge gateway (test), O=Casebridge";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path keys;

    /** The gateway: its JWKS and certificate are what the verifiers are given. */
    static Signer gateway;
    /** Another key with a certificate of the very same subject name, self-signed like the gateway's. */
    static Signer impostor;
    /** Another key with a certificate of its own. */
    static Signer stranger;
    static byte[] jwks;

    @BeforeAll
    static void makeKeys() throws Exception {
        gateway = Signer.generate(keys, "gateway-2026-1", GATEWAY_DN);
        impostor = Signer.generate(keys, "impostor", GATEWAY_DN);
        stranger = Signer.generate(keys, "stranger-1", "CN=Someone else, O=Elsewhere");
        // The gateway's JWKS may list more than one key: the verifier must pick the one of the header's kid.
        jwks = jwks(stranger.otherKidForJwks("retired-2025-1"), gateway);
    }

    @Nested
    class Json {

        @Test
        void aSignedReceiptVerifies() {
            byte[] signed = signedDocument("receipt", receipt(), gateway, gateway.kid());

            Verdict verdict = IndependentVerifiers.verifyJws(jwks, signed, "receipt").requireValid();

            assertThat(verdict.output()).isEqualTo("OK kid=" + gateway.kid());
        }

        @Test
        void aSignedMessageVerifiesAndTheNameCanBeLeftOut() {
            byte[] signed = signedDocument("message", message(), gateway, gateway.kid());

            assertThat(IndependentVerifiers.verifyJws(jwks, signed, "message").requireValid().output())
                    .isEqualTo("OK kid=" + gateway.kid());
            assertThat(IndependentVerifiers.verifyJws(jwks, signed, null).requireValid().output())
                    .isEqualTo("OK kid=" + gateway.kid());
        }

        @Test
        void aChangedFieldValueInTheObjectFails() {
            ObjectNode document = (ObjectNode) JSON.readTree(signedDocument("receipt", receipt(), gateway, gateway.kid()));
            ((ObjectNode) document.get("receipt")).put("status", "REJECTED");

            Verdict verdict = IndependentVerifiers.verifyJws(jwks, pretty(document), "receipt").requireInvalid();

            assertThat(verdict.output()).startsWith("FAIL: ").contains("not the RFC 8785 canonical form");
        }

        @Test
        void aChangedNestedValueInTheObjectFails() {
            ObjectNode document = (ObjectNode) JSON.readTree(signedDocument("receipt", receipt(), gateway, gateway.kid()));
            ((ObjectNode) document.get("receipt").get("parts").get(1)).put("bytes", 2049);

            IndependentVerifiers.verifyJws(jwks, pretty(document), "receipt").requireInvalid();
        }

        @Test
        void aChangedPayloadByteFails() {
            ObjectNode receipt = receipt();
            String jws = jws(gateway, gateway.kid(), canonical(receipt));
            String[] parts = jws.split("\\.");
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            int at = indexOf(payload, "ACCEPTED".getBytes(StandardCharsets.UTF_8));
            payload[at] = 'a';
            String tampered = parts[0] + "." + b64(payload) + "." + parts[2];

            Verdict verdict = IndependentVerifiers.verifyJws(jwks, document("receipt", receipt, tampered), "receipt").requireInvalid();

            assertThat(verdict.output()).startsWith("FAIL: ").contains("signature does not verify");
        }

        @Test
        void aJwsSignedByAnotherKeyUnderTheGatewaysKidFails() {
            byte[] signed = signedDocument("receipt", receipt(), impostor, gateway.kid());

            Verdict verdict = IndependentVerifiers.verifyJws(jwks, signed, "receipt").requireInvalid();

            assertThat(verdict.output()).contains("signature does not verify");
        }

        @Test
        void aJwsSignedByAnotherKeyUnderItsOwnKidFails() {
            byte[] signed = signedDocument("receipt", receipt(), impostor, impostor.kid());

            Verdict verdict = IndependentVerifiers.verifyJws(jwks, signed, "receipt").requireInvalid();

            assertThat(verdict.output()).contains("unknown kid \"impostor\"");
        }

        @Test
        void aValidSignatureOverNonCanonicalBytesFails() {
            // (a) holds, (b) does not: the gateway must sign exactly the RFC 8785 bytes.
            ObjectNode receipt = receipt();
            String jws = jws(gateway, gateway.kid(), pretty(receipt));

            Verdict verdict = IndependentVerifiers.verifyJws(jwks, document("receipt", receipt, jws), "receipt").requireInvalid();

            assertThat(verdict.output()).contains("not the RFC 8785 canonical form");
        }

        @Test
        void anUnsignedJwsFails() {
            ObjectNode receipt = receipt();
            String header = b64("{\"alg\":\"none\",\"kid\":\"%s\"}".formatted(gateway.kid()).getBytes(StandardCharsets.UTF_8));
            String jws = header + "." + b64(canonical(receipt)) + ".";

            Verdict verdict = IndependentVerifiers.verifyJws(jwks, document("receipt", receipt, jws), "receipt").requireInvalid();

            assertThat(verdict.output()).contains("not \"ES256\"");
        }

        @Test
        void malformedInputFailsWithAReason() {
            ObjectNode receipt = receipt();
            String jws = jws(gateway, gateway.kid(), canonical(receipt));
            ObjectNode extra = (ObjectNode) JSON.readTree(document("receipt", receipt, jws));
            extra.put("note", "not covered by the signature");

            assertThat(IndependentVerifiers.verifyJws(jwks, "{\"receipt\":".getBytes(StandardCharsets.UTF_8), "receipt")
                    .requireInvalid().output()).contains("not JSON");
            assertThat(IndependentVerifiers.verifyJws(jwks, pretty(extra), "receipt").requireInvalid().output())
                    .contains("exactly the members");
            assertThat(IndependentVerifiers.verifyJws(jwks, document("receipt", receipt, jws), "message")
                    .requireInvalid().output()).contains("exactly the members");
            assertThat(IndependentVerifiers.verifyJws(jwks, document("receipt", receipt, "not-a-jws"), "receipt")
                    .requireInvalid().output()).contains("not a compact JWS");
            assertThat(IndependentVerifiers.verifyJws("{}".getBytes(StandardCharsets.UTF_8),
                    document("receipt", receipt, jws), "receipt").requireInvalid().output()).contains("no \"keys\"");
        }

        @Test
        void aDuplicateMemberNameFails() {
            ObjectNode receipt = receipt();
            String jws = jws(gateway, gateway.kid(), canonical(receipt));
            String text = new String(document("receipt", receipt, jws), StandardCharsets.UTF_8)
                    .replaceFirst("\"status\" : \"ACCEPTED\"", "\"status\" : \"REJECTED\", \"status\" : \"ACCEPTED\"");
            assertThat(text).contains("\"REJECTED\"");

            Verdict verdict = IndependentVerifiers.verifyJws(jwks, text.getBytes(StandardCharsets.UTF_8), "receipt").requireInvalid();

            assertThat(verdict.output()).contains("duplicate member name \"status\"");
        }

        @Test
        void aJwksWhoseCertificateHoldsAnotherKeyFails() throws Exception {
            ObjectNode badJwks = (ObjectNode) JSON.readTree(jwks(gateway));
            ((ObjectNode) badJwks.get("keys").get(0)).putArray("x5c").add(b64std(stranger.certificate().getEncoded()));

            Verdict verdict = IndependentVerifiers.verifyJws(pretty(badJwks),
                    signedDocument("receipt", receipt(), gateway, gateway.kid()), "receipt").requireInvalid();

            assertThat(verdict.output()).contains("x5c certificate holds another key");
        }
    }

    @Nested
    class Xml {

        @ParameterizedTest
        @ValueSource(strings = {"TransportReceipt", "DeliveryReceipt", "SealedMessage"})
        void aSignedDocumentVerifies(String root) throws Exception {
            byte[] signed = signXml(xmlDocument(root), gateway, gateway.certificate(), true);

            Verdict verdict = IndependentVerifiers.verifyXml(gateway.pem(), signed).requireValid();

            assertThat(verdict.output()).contains("SignedInfo References (ok/all): 1/1");
        }

        @Test
        void aChangedTextNodeFails() throws Exception {
            String signed = new String(signXml(xmlDocument("TransportReceipt"), gateway, gateway.certificate(), true), StandardCharsets.UTF_8);

            Verdict verdict = IndependentVerifiers.verifyXml(gateway.pem(),
                    replaceOnce(signed, "<Status>ACCEPTED</Status>", "<Status>REJECTED</Status>")).requireInvalid();

            assertThat(verdict.output()).contains("FAIL").contains("SignedInfo References (ok/all): 0/1");
        }

        @Test
        void aChangedAttributeFails() throws Exception {
            String signed = new String(signXml(xmlDocument("TransportReceipt"), gateway, gateway.certificate(), true), StandardCharsets.UTF_8);

            IndependentVerifiers.verifyXml(gateway.pem(), replaceOnce(signed, "sequence=\"42\"", "sequence=\"43\"")).requireInvalid();
        }

        @Test
        void aRemovedElementFails() throws Exception {
            String signed = new String(signXml(xmlDocument("DeliveryReceipt"), gateway, gateway.certificate(), true), StandardCharsets.UTF_8);

            Verdict verdict = IndependentVerifiers.verifyXml(gateway.pem(),
                    replaceOnce(signed, "<Note>Ærøskøbing § 3 – “urgent” &amp; sealed</Note>", "")).requireInvalid();

            assertThat(verdict.output()).contains("SignedInfo References (ok/all): 0/1");
        }

        @Test
        void anAddedElementFails() throws Exception {
            String signed = new String(signXml(xmlDocument("SealedMessage"), gateway, gateway.certificate(), true), StandardCharsets.UTF_8);

            IndependentVerifiers.verifyXml(gateway.pem(),
                    replaceOnce(signed, "<Status>", "<Recipient>someone else</Recipient><Status>")).requireInvalid();
        }

        @Test
        void aSignatureByAnotherCertificateFails() throws Exception {
            byte[] signed = signXml(xmlDocument("TransportReceipt"), stranger, stranger.certificate(), true);

            IndependentVerifiers.verifyXml(gateway.pem(), signed).requireInvalid();
            // the same document is fine for whoever trusts the stranger: the rejection above is about trust
            IndependentVerifiers.verifyXml(stranger.pem(), signed).requireValid();
        }

        @Test
        void aSignatureByACertificateOfTheSameNameFails() throws Exception {
            byte[] signed = signXml(xmlDocument("TransportReceipt"), impostor, impostor.certificate(), true);

            IndependentVerifiers.verifyXml(gateway.pem(), signed).requireInvalid();
        }

        @Test
        void aSignatureByAnotherKeyCarryingTheGatewayCertificateFails() throws Exception {
            byte[] signed = signXml(xmlDocument("TransportReceipt"), impostor, gateway.certificate(), true);

            Verdict verdict = IndependentVerifiers.verifyXml(gateway.pem(), signed).requireInvalid();

            assertThat(verdict.output()).contains("FAIL");
        }

        @Test
        void aSignatureWhoseKeyInfoHoldsOnlyARawEcKeyFails() throws Exception {
            // xmlsec1 1.2 cannot read dsig11:ECKeyValue at all; 1.3 can, and then only --enabled-key-data x509 stops it.
            byte[] signed = signXml(xmlDocument("TransportReceipt"), stranger, null, true);

            IndependentVerifiers.verifyXml(gateway.pem(), signed).requireInvalid();
        }

        @Test
        void aSignatureByARawRsaKeyInKeyValueFails() throws Exception {
            // xmlsec1 reads <RSAKeyValue> and uses it unchecked unless key data is restricted to x509:
            // this document verifies with `xmlsec1 --verify --trusted-pem gateway.pem` alone.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair rsa = generator.generateKeyPair();
            byte[] signed = signXml(xmlDocument("TransportReceipt"), rsa.getPrivate(), SignatureMethod.RSA_SHA256,
                    keyInfos -> List.of(keyValue(keyInfos, rsa.getPublic())));

            IndependentVerifiers.verifyXml(gateway.pem(), signed).requireInvalid();
        }

        @Test
        void aSignatureWithoutKeyNameStillVerifies() throws Exception {
            byte[] signed = signXml(xmlDocument("DeliveryReceipt"), gateway, gateway.certificate(), false);

            IndependentVerifiers.verifyXml(gateway.pem(), signed).requireValid();
        }

        @Test
        void aCertificateThatIsNotPemIsRefused() {
            assertThatThrownBy(() -> IndependentVerifiers.verifyXml(new byte[] {1, 2, 3}, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theVerifiersFolderComesFromTheBuild() {
        Path folder = IndependentVerifiers.verifiersFolder();

        assertThat(folder.resolve("verify-jws.mjs")).isRegularFile();
        assertThat(folder.resolve("package-lock.json")).isRegularFile();
    }

    @Test
    void theCanonicalizationHereIsRfc8785() {
        // RFC 8785 section 3.2.3 sorting example (UTF-16 code units) and string escaping as ECMAScript does it.
        ObjectNode node = JSON.createObjectNode();
        node.put("\u20ac", "Euro Sign");
        node.put("\r", "Carriage Return");
        node.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        node.put("1", "One");
        node.put("\ud83d\ude00", "Emoji: Grinning Face");
        node.put("\u0080", "Control");
        node.put("\u00f6", "Latin Small Letter O With Diaeresis");
        node.put("esc", "\"\\\b\f\n\r\t\u0001\u001f\u2028/");

        assertThat(new String(canonical(node), StandardCharsets.UTF_8)).isEqualTo(
                "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"esc\":\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u2028/\","
                        + "\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    // ---------------------------------------------------------------------------------------------- JSON fixtures

    /** A receipt whose members are not in canonical order, with strings that need escaping and keys that sort by UTF-16. */
    static ObjectNode receipt() {
        ObjectNode receipt = JSON.createObjectNode();
        receipt.put("type", "TRANSPORT");
        receipt.put("receiptId", "rcpt-0001");
        receipt.put("caseReference", "K-2026-00042");
        receipt.put("status", "ACCEPTED");
        receipt.put("receivedAt", "2026-03-01T12:00:00.123Z");
        receipt.put("sequence", 42);
        receipt.put("final", true);
        receipt.putNull("supersedes");
        ObjectNode from = receipt.putObject("from");
        from.put("name", "Politiet Øst");
        from.put("agency", "P-ØST");
        ArrayNode parts = receipt.putArray("parts");
        parts.addObject().put("sha256", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU").put("bytes", 0);
        parts.addObject().put("sha256", "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg").put("bytes", 2048);
        receipt.put("note", "quote \" backslash \\ newline \n tab \t control \u0001 separator \u2028 € é 😀");
        receipt.put("\uff5a", "fullwidth z: after the emoji in code points, before it in UTF-16");
        receipt.put("😀", "emoji key");
        receipt.put("€", "euro key");
        receipt.put("B", "upper case sorts first");
        return receipt;
    }

    static ObjectNode message() {
        ObjectNode message = JSON.createObjectNode();
        message.put("messageId", "msg-7");
        message.put("caseReference", "K-2026-00042");
        message.put("subject", "Overføring av sak");
        message.putArray("attachments").add("a.pdf").add("b.xml");
        message.put("sequence", -3);
        return message;
    }

    static byte[] signedDocument(String name, ObjectNode object, Signer signer, String kid) {
        return document(name, object, jws(signer, kid, canonical(object)));
    }

    /** The signed document as a person would write it: pretty printed, object members in insertion order. */
    static byte[] document(String name, ObjectNode object, String jws) {
        ObjectNode document = JSON.createObjectNode();
        document.set(name, object.deepCopy());
        document.put("jws", jws);
        return pretty(document);
    }

    static byte[] pretty(JsonNode node) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    }

    static String jws(Signer signer, String kid, byte[] payload) {
        try {
            String header = b64("{\"alg\":\"ES256\",\"kid\":\"%s\"}".formatted(kid).getBytes(StandardCharsets.UTF_8));
            String signingInput = header + "." + b64(payload);
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(signer.privateKey());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] jwks(Signer... signers) {
        ObjectNode jwks = JSON.createObjectNode();
        ArrayNode keys = jwks.putArray("keys");
        for (Signer signer : signers) {
            ECPublicKey key = (ECPublicKey) signer.certificate().getPublicKey();
            ObjectNode jwk = keys.addObject();
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("kid", signer.kid());
            jwk.put("use", "sig");
            jwk.put("alg", "ES256");
            jwk.put("x", b64(unsigned32(key.getW().getAffineX())));
            jwk.put("y", b64(unsigned32(key.getW().getAffineY())));
            try {
                jwk.putArray("x5c").add(b64std(signer.certificate().getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return pretty(jwks);
    }

    /** RFC 8785 for what these fixtures hold: objects, arrays, strings, integers, booleans and null. */
    static byte[] canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        canonical(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
                members.sort(Map.Entry.comparingByKey()); // String order is UTF-16 code unit order, as RFC 8785 asks
                out.append('{');
                for (int i = 0; i < members.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    string(members.get(i).getKey(), out);
                    out.append(':');
                    canonical(members.get(i).getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    canonical(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(node.stringValue(), out);
            case NUMBER -> {
                if (!node.isIntegralNumber() || Math.abs(node.longValue()) > (1L << 53)) {
                    throw new IllegalArgumentException("the test canonicalization handles safe integers only: " + node);
                }
                out.append(node.longValue());
            }
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not JSON data: " + node);
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u").append(String.format("%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ----------------------------------------------------------------------------------------------- XML fixtures

    static Document xmlDocument(String rootName) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().newDocument();
        Element root = document.createElementNS(XMLNS, rootName);
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", XMLNS);
        root.setAttribute("sequence", "42");
        document.appendChild(root);
        child(root, "ReceiptId", "rcpt-0001");
        child(root, "CaseReference", "K-2026-00042");
        Element from = child(root, "From", null);
        child(from, "Agency", "P-ØST");
        child(from, "Name", "Politiet Øst");
        child(root, "Status", "ACCEPTED");
        child(root, "ReceivedAt", "2026-03-01T12:00:00.123Z");
        child(root, "Note", "Ærøskøbing § 3 – “urgent” & sealed");
        return document;
    }

    private static Element child(Element parent, String name, String text) {
        Element element = parent.getOwnerDocument().createElementNS(XMLNS, name);
        if (text != null) {
            element.setTextContent(text);
        }
        parent.appendChild(element);
        return element;
    }

    /**
     * Signs as the gateway does: enveloped ds:Signature as the root's last child, Reference URI="" with the
     * enveloped-signature and exclusive c14n transforms, ECDSA-SHA256, SHA-256 digest. KeyInfo holds the given
     * certificate (and the signer's kid as KeyName), or only the signer's raw public key when certificate is null.
     */
    static byte[] signXml(Document document, Signer signer, X509Certificate certificate, boolean keyName) throws Exception {
        return signXml(document, signer.privateKey(), SignatureMethod.ECDSA_SHA256, keyInfos -> {
            List<XMLStructure> content = new ArrayList<>();
            if (certificate == null) {
                content.add(keyValue(keyInfos, signer.publicKey()));
            } else {
                if (keyName) {
                    content.add(keyInfos.newKeyName(signer.kid()));
                }
                content.add(keyInfos.newX509Data(List.of(certificate)));
            }
            return content;
        });
    }

    static byte[] signXml(Document document, PrivateKey key, String signatureMethod,
            Function<KeyInfoFactory, List<XMLStructure>> keyInfoContent) throws Exception {
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        Reference reference = factory.newReference("",
                factory.newDigestMethod(DigestMethod.SHA256, null),
                List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                null, null);
        SignedInfo signedInfo = factory.newSignedInfo(
                factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                factory.newSignatureMethod(signatureMethod, null),
                List.of(reference));
        KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
        KeyInfo keyInfo = keyInfos.newKeyInfo(keyInfoContent.apply(keyInfos));
        DOMSignContext context = new DOMSignContext(key, document.getDocumentElement());
        context.setDefaultNamespacePrefix("ds");
        factory.newXMLSignature(signedInfo, keyInfo).sign(context);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.setOutputProperty(OutputKeys.INDENT, "no");
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }

    private static XMLStructure keyValue(KeyInfoFactory keyInfos, PublicKey key) {
        try {
            return keyInfos.newKeyValue(key);
        } catch (KeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        assertThat(at).as("fixture holds %s", target).isNotNegative();
        assertThat(text.indexOf(target, at + 1)).as("fixture holds %s once", target).isNegative();
        return (text.substring(0, at) + replacement + text.substring(at + target.length())).getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------------- keys

    /** An EC P-256 key pair with a self-signed certificate, made by the JDK's keytool. */
    record Signer(String kid, PrivateKey privateKey, X509Certificate certificate) {

        static Signer generate(Path dir, String kid, String dn) throws Exception {
            Path store = dir.resolve(kid + ".p12");
            char[] password = "changeit".toCharArray();
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-noprompt",
                    "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", dn, "-validity", "30",
                    "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(password), "-keypass", new String(password))
                    .redirectErrorStream(true)
                    .start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password);
            }
            return new Signer(kid, (PrivateKey) keyStore.getKey("key", password), (X509Certificate) keyStore.getCertificate("key"));
        }

        /** The same certificate listed under another kid, for a JWKS with more than one key. */
        Signer otherKidForJwks(String otherKid) {
            return new Signer(otherKid, privateKey, certificate);
        }

        PublicKey publicKey() {
            return certificate.getPublicKey();
        }

        byte[] pem() {
            try {
                String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded());
                return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64std(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + new String(needle, StandardCharsets.UTF_8));
    }
}
