package org.casebridge.gateway.support;

import jakarta.jws.WebService;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.AttachmentContent;
import org.casebridge.contracts.v1.DeliverRequest;
import org.casebridge.contracts.v1.DeliverResponse;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.contracts.v1.agency.AgencyEndpoint;

/**
 * The SOAP endpoint of an agency's own system (outside Casebridge), as the agency would write it
 * from casebridge-agency-endpoint-v1.wsdl: it records every delivery it is given, repeats too.
 */
public final class AgencySoapEndpoint implements AutoCloseable {

    private final String address;
    private final String agencyId;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> deliveriesPerDispatch = new ConcurrentHashMap<>();
    private Server server;

    public AgencySoapEndpoint(String agencyId, int port) {
        this.agencyId = agencyId;
        this.address = "http://127.0.0.1:" + port + "/casebridge/deliver";
    }

    public static AgencySoapEndpoint onFreePort(String agencyId) {
        return new AgencySoapEndpoint(agencyId, RunningGateway.freePort());
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setServiceClass(AgencyEndpoint.class);
        factory.setServiceBean(new Implementation());
        factory.setAddress(address);
        factory.setProperties(new java.util.HashMap<>(Map.of("mtom-enabled", Boolean.TRUE)));
        server = factory.create();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server.destroy();
            server = null;
        }
    }

    public String address() {
        return address;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** How often each dispatch reached the endpoint: more than once would be a duplicate delivery. */
    public Map<String, Integer> deliveriesPerDispatch() {
        return Map.copyOf(deliveriesPerDispatch);
    }

    @Override
    public void close() {
        stop();
    }

    /** A delivery as the agency got it: the signed document exactly as it came, and attachment bytes. */
    public record Received(String dispatchId, DispatchKind kind, byte[] signedDocument, Map<String, byte[]> attachments) {
    }

    @WebService(serviceName = "AgencyEndpointService", portName = "AgencyEndpointPort",
            targetNamespace = "urn:casebridge:agency:v1",
            endpointInterface = "org.casebridge.contracts.v1.agency.AgencyEndpoint")
    public final class Implementation implements AgencyEndpoint {
        @Override
        public DeliverResponse deliver(DeliverRequest request) {
            var delivery = request.getDelivery();
            Map<String, byte[]> content = new java.util.HashMap<>();
            for (AttachmentContent part : delivery.getAttachmentContents()) {
                try (InputStream in = part.getContent().getInputStream()) {
                    content.put(part.getSha256(), in.readAllBytes());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            byte[] document = ContractXml.serialize(delivery.getDocument().getAny());
            if (deliveriesPerDispatch.merge(delivery.getDispatchId(), 1, Integer::sum) == 1) {
                received.add(new Received(delivery.getDispatchId(), delivery.getKind(), document, content));
            }
            DeliverResponse response = new DeliverResponse();
            response.setDispatchId(delivery.getDispatchId());
            response.setAcknowledgedBy(agencyId + " case system");
            return response;
        }
    }
}
