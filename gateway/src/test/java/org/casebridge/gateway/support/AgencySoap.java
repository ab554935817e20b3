package org.casebridge.gateway.support;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.handler.MessageContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.casebridge.contracts.v1.AttachmentContent;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.SubmitRequest;
import org.casebridge.contracts.v1.gateway.CasebridgeGateway;
import org.casebridge.testkit.keycloak.CasebridgeRealm;
import org.casebridge.testkit.keycloak.KeycloakServer;

/** An agency system calling the gateway's SOAP service with a bearer token and MTOM. */
public final class AgencySoap {

    private final String agencyId;
    private final CasebridgeGateway port;

    public AgencySoap(String agencyId, String baseUrl) {
        this.agencyId = agencyId;
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(CasebridgeGateway.class);
        factory.setAddress(baseUrl + "/services/gateway/v1");
        // The gateway answers client faults with HTTP 4xx; CXF reads a fault from them only when told to.
        factory.setProperties(new HashMap<>(Map.of("mtom-enabled", Boolean.TRUE,
                "org.apache.cxf.transport.process_fault_on_http_400", Boolean.TRUE)));
        this.port = factory.create(CasebridgeGateway.class);
    }

    /** The port, with a fresh token in its HTTP headers. */
    public CasebridgeGateway port() {
        CasebridgeRealm.Agency agency = CasebridgeRealm.agency(agencyId);
        String token = KeycloakServer.shared().clientToken(agency.clientId(), agency.secret());
        ((BindingProvider) port).getRequestContext().put(MessageContext.HTTP_REQUEST_HEADERS,
                Map.of("Authorization", List.of("Bearer " + token)));
        return port;
    }

    public static SubmitRequest submitRequest(Message message, Map<String, Path> contentBySha256) {
        SubmitRequest request = new SubmitRequest();
        request.setMessage(message);
        contentBySha256.forEach((sha256, file) -> {
            AttachmentContent content = new AttachmentContent();
            content.setSha256(sha256);
            content.setContent(new DataHandler(new FileDataSource(file.toFile())));
            request.getAttachmentContents().add(content);
        });
        return request;
    }
}
