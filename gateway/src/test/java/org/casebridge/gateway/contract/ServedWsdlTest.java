package org.casebridge.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
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

    private static Document served(String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return ContractXml.parse(new ByteArrayInputStream(response.body()));
    }
}
