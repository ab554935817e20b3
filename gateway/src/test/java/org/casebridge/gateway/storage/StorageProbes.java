package org.casebridge.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.bind.JAXBElement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.xml.namespace.QName;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.SubmitRequest;
import org.casebridge.gateway.support.AgencyRest;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What the storage tests ask a running gateway over plain HTTP, to see statuses and headers as sent. */
final class StorageProbes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

    private StorageProbes() {
    }

    /** A SOAP submit of the message, with the agency's token. */
    static HttpResponse<String> soapSubmit(String baseUrl, AgencyRest agency, Message message) throws Exception {
        Document envelope = ContractXml.newDocument();
        Element root = envelope.createElementNS(SOAP, "soap:Envelope");
        envelope.appendChild(root);
        Element body = envelope.createElementNS(SOAP, "soap:Body");
        root.appendChild(body);
        SubmitRequest request = new SubmitRequest();
        request.setMessage(message);
        ContractXml.marshaller().marshal(new JAXBElement<>(new QName(ContractXml.NAMESPACE, "SubmitRequest"),
                SubmitRequest.class, request), body);
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/services/gateway/v1"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + agency.token())
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:casebridge:gateway:v1:Submit\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ContractXml.serialize(envelope))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The readiness probe's HTTP status: 200 UP, 503 DOWN. */
    static int readiness(String baseUrl) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static void assertRefused(AgencyRest.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).as(response.toString()).isEqualTo(code);
        assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
    }

    static void assertFault(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).containsPattern("<(\\w+:)?code>" + code + "</(\\w+:)?code>").contains("Fault>");
        assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElse("0"))).isPositive();
    }
}
