package org.casebridge.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.gateway.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;

/**
 * Agencies that cannot hold tokens sign each SOAP request with WS-Security and the certificate
 * they configured. A signature by any other key, a missing or partial signature, or a body
 * changed after signing is refused; a valid one acts for that agency only.
 */
class SignedSoapRequestsTest {

    private static final String PASSWORD = "agency-key";
    private static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

    @TempDir
    Path work;

    @Test
    void aRequestSignedWithTheAgencysCertificateActsForThatAgencyOnly() throws Exception {
        WSSConfig.init();
        Signer amr = Signer.generate("hohhot-amr case system");
        Signer stranger = Signer.generate("hohhot-amr case system");
        Path agencies = work.resolve("agencies.yml");
        Files.writeString(agencies, """
                version: 1
                agencies:
                  - id: hohhot-amr
                    name: 呼和浩特市市场监督管理局
                    kind: ADMINISTRATIVE_AGENCY
                    delivery: { mode: PULL }
                    certificate: |
                %s
                  - { id: hohhot-psb, name: 呼和浩特市公安局, kind: POLICE, delivery: { mode: PULL } }
                  - { id: hohhot-procuratorate, name: 呼和浩特市人民检察院, kind: PROSECUTOR, delivery: { mode: PULL } }
                """.formatted(amr.pem().indent(6).stripTrailing()));
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
            HttpClient http = HttpClient.newHttpClient();
            String transfer = transferXml();

            HttpResponse<String> accepted = post(http, gateway, amr.sign(submit(transfer)));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            assertThat(accepted.body()).contains("TransportReceipt", "hohhot-amr-signed-transfer");
            JdbcClient database = gateway.context().getBean(JdbcClient.class);
            assertThat(database.sql("SELECT sender_agency FROM message WHERE message_id = 'hohhot-amr-signed-transfer'")
                    .query(String.class).single()).isEqualTo("hohhot-amr");

            assertRefused(post(http, gateway, stranger.sign(fetchInbox())), "UNAUTHENTICATED");
            assertRefused(post(http, gateway, envelope(fetchInbox())), "UNAUTHENTICATED");
            assertRefused(post(http, gateway, amr.sign(submit(transfer
                    .replace("<cb:agency>hohhot-amr</cb:agency>", "<cb:agency>baotou-tax</cb:agency>")
                    .replace("hohhot-amr-signed", "baotou-tax-spoofed")))), "SENDER_MISMATCH");

            String signed = amr.sign(submit(transfer.replace("hohhot-amr-signed-transfer", "hohhot-amr-m-tampered")));
            assertRefused(post(http, gateway, signed.replace("通过暗管排放", "依法排放")), "UNAUTHENTICATED");
            assertThat(database.sql("SELECT count(*) FROM message WHERE message_id = 'hohhot-amr-m-tampered'").query(Integer.class).single())
                    .isZero();

            HttpResponse<String> tokenEndpoint = post(http, gateway.baseUrl() + "/services/gateway/v1", amr.sign(fetchInbox()));
            assertThat(tokenEndpoint.statusCode()).as("the token endpoint does not take signatures").isEqualTo(401);
        }
    }

    private static void assertRefused(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("code>" + code + "</");
    }

    private static HttpResponse<String> post(HttpClient http, RunningGateway gateway, String envelope) throws Exception {
        return post(http, gateway.baseUrl() + "/services/gateway/v1/signed", envelope);
    }

    private static HttpResponse<String> post(HttpClient http, String url, String envelope) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cb=\"urn:casebridge:v1\">"
                + "<soap:Header/><soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    private static String fetchInbox() {
        return "<cb:FetchInboxRequest><cb:max>5</cb:max></cb:FetchInboxRequest>";
    }

    private static String submit(String message) {
        return "<cb:SubmitRequest>" + message + "</cb:SubmitRequest>";
    }

    private static String transferXml() throws Exception {
        try (var in = SignedSoapRequestsTest.class.getClassLoader().getResourceAsStream("casebridge/v1/examples/transfer-without-attachments.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return xml.substring(xml.indexOf("<cb:Message"))
                    .replace("<cb:agency>ordos-eeb</cb:agency>", "<cb:agency>hohhot-amr</cb:agency>")
                    .replace("<cb:agency>ordos-psb</cb:agency>", "<cb:agency>hohhot-psb</cb:agency>")
                    .replace("<cb:agency>ordos-procuratorate</cb:agency>", "<cb:agency>hohhot-procuratorate</cb:agency>")
                    .replace("ordos-eeb-2026-0031-transfer", "hohhot-amr-signed-transfer")
                    .replace("ordos-eeb-2026-0031", "hohhot-amr-signed");
        }
    }

    /** An agency's signing key and self-signed certificate, and WS-Security signing with them (WSS4J). */
    private record Signer(X509Certificate certificate, Merlin crypto) {

        static Signer generate(String commonName) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(60)),
                    Date.from(Instant.now().plusSeconds(86_400)), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("agency", pair.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {certificate});
            Merlin crypto = new Merlin();
            crypto.setKeyStore(store);
            return new Signer(certificate, crypto);
        }

        String pem() throws Exception {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----";
        }

        /** Timestamp, then a signature over it and the Body, the certificate in a BinarySecurityToken. */
        String sign(String body) throws Exception {
            Document document = ContractXml.parse(new ByteArrayInputStream(envelope(body).getBytes(StandardCharsets.UTF_8)));
            WSSecHeader header = new WSSecHeader(document);
            header.insertSecurityHeader();
            new WSSecTimestamp(header).build();
            WSSecSignature signature = new WSSecSignature(header);
            signature.setUserInfo("agency", PASSWORD);
            signature.setKeyIdentifierType(WSConstants.BST_DIRECT_REFERENCE);
            signature.setSignatureAlgorithm(ECDSA_SHA256);
            signature.setDigestAlgo(WSConstants.SHA256);
            signature.getParts().add(new WSEncryptionPart("Timestamp", WSConstants.WSU_NS, ""));
            signature.getParts().add(new WSEncryptionPart("Body", WSConstants.URI_SOAP11_ENV, ""));
            signature.build(crypto);
            return new String(ContractXml.serialize(document), StandardCharsets.UTF_8);
        }
    }
}
