package org.casebridge.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.handler.MessageContext;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.gateway.CasebridgeGateway;
import org.casebridge.gateway.support.AgencySoap;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.CasebridgeRealm;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The WSDL the gateway serves says what a client must do: MTOM as WS-Policy on the binding, the bearer
 * token (and WS-Security X.509 on the signed variant) in the documentation of the service and port.
 */
class ServedWsdlTest {

    private static final String A = "hohhot-amr";

    @TempDir
    static Path work;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, A, "hohhot-psb", "hohhot-procuratorate"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void bothServedWsdlsAttachTheMtomPolicyToTheBindingAndDocumentAuthentication() throws Exception {
        for (String path : List.of("/services/gateway/v1?wsdl", "/services/gateway/v1/signed?wsdl")) {
            Document wsdl = served(path);
            XPath xpath = XPathFactory.newInstance().newXPath();
            Element policy = (Element) xpath.evaluate("/*[local-name()='definitions']/*[local-name()='Policy'"
                    + " and namespace-uri()='http://www.w3.org/ns/ws-policy']", wsdl, XPathConstants.NODE);
            assertThat(policy).as("a wsp:Policy in %s", path).isNotNull();
            assertThat(policy.getElementsByTagNameNS("http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization",
                    "OptimizedMimeSerialization").getLength()).isEqualTo(1);
            String id = policy.getAttributeNS("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd", "Id");
            assertThat(xpath.evaluate("/*[local-name()='definitions']/*[local-name()='binding']/*[local-name()='PolicyReference']/@URI",
                    wsdl)).isEqualTo("#" + id);
            String service = xpath.evaluate("//*[local-name()='service']/*[local-name()='documentation']", wsdl);
            String port = xpath.evaluate("//*[local-name()='port']/*[local-name()='documentation']", wsdl);
            assertThat(service).contains("Authorization: Bearer").contains("/services/gateway/v1/signed").contains("WS-Security")
                    .contains("X.509").contains("xmlsec1 --verify");
            assertThat(port).contains("Authorization: Bearer").contains("WS-Security X.509");
        }
    }

    @Test
    void aCxfClientBuiltFromTheServedWsdlSendsMtomFromThePolicyAlone() throws Exception {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(CasebridgeGateway.class);
        factory.setWsdlLocation(gateway.baseUrl() + "/services/gateway/v1?wsdl");
        factory.setAddress(gateway.baseUrl() + "/services/gateway/v1");
        // Deliberately no "mtom-enabled" property.
        CasebridgeGateway port = factory.create(CasebridgeGateway.class);
        AtomicReference<String> contentType = new AtomicReference<>();
        ClientProxy.getClient(port).getOutInterceptors().add(new AbstractPhaseInterceptor<Message>(Phase.WRITE) {
            @Override
            public void handleMessage(Message message) {
                contentType.set(String.valueOf(message.get(Message.CONTENT_TYPE)));
            }
        });
        CasebridgeRealm.Agency agency = CasebridgeRealm.agency(A);
        ((BindingProvider) port).getRequestContext().put(MessageContext.HTTP_REQUEST_HEADERS,
                Map.of("Authorization", List.of("Bearer " + KeycloakServer.shared().clientToken(agency.clientId(), agency.secret()))));

        byte[] content = "a photo".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Path file = Files.write(work.resolve("photo.jpg"), content);
        var message = Messages.withAttachment(Messages.referral(A + "-h-policy-1", A + "-m-policy-1"), "photo.jpg", "image/jpeg",
                content.length, sha);
        assertThat(port.submit(AgencySoap.submitRequest(Messages.toModel(message), Map.of(sha, file))).getTransportReceipt()).isNotNull();
        assertThat(contentType.get()).startsWith("multipart/related").contains("application/xop+xml");
    }

    private static Document served(String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return ContractXml.parse(new ByteArrayInputStream(response.body()));
    }
}
