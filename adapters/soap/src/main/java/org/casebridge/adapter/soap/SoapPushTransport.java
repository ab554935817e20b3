package org.casebridge.adapter.soap;

import jakarta.xml.ws.WebServiceException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.message.Message;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.casebridge.adapter.spi.AgencyEndpoint;
import org.casebridge.adapter.spi.AttachmentSource;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.OutboundTransport;
import org.casebridge.adapter.spi.OutboundTransport.FailureKind;
import org.casebridge.contracts.v1.DeliverRequest;
import org.casebridge.contracts.v1.DeliverResponse;
import org.casebridge.contracts.v1.DeliveryMode;
import org.casebridge.contracts.v1.agency.CasebridgeFault;
import org.springframework.util.unit.DataSize;

/** Pushes a delivery to an agency's SOAP endpoint, attachment content as MTOM parts streamed from storage. */
class SoapPushTransport implements OutboundTransport {

    private final Bus bus;
    private final long minBytesPerSecond;
    private final ConcurrentHashMap<AgencyEndpoint, org.casebridge.contracts.v1.agency.AgencyEndpoint> clients = new ConcurrentHashMap<>();

    /** @param minRate the slowest transfer per second a push with content is given time for */
    SoapPushTransport(Bus bus, DataSize minRate) {
        this.bus = bus;
        this.minBytesPerSecond = Math.max(1, minRate.toBytes());
    }

    @Override
    public DeliveryMode mode() {
        return DeliveryMode.PUSH_SOAP;
    }

    @Override
    public Encoding encoding() {
        return Encoding.XML;
    }

    @Override
    public PushResult push(AgencyEndpoint endpoint, Push push) {
        DeliverRequest request = new DeliverRequest();
        request.setDelivery(SignedDocuments.delivery(push.dispatchId(), push.kind(), push.document(), push.attachments()));
        // CXF's default HTTP client (java.net.http) counts the receive timeout from the request's
        // start, so a push's content must be sent within it too: give it time at the slowest rate allowed.
        Duration receiveTimeout = receiveTimeout(endpoint, push);
        try {
            org.casebridge.contracts.v1.agency.AgencyEndpoint proxy = client(endpoint);
            ClientProxy.getClient(proxy).getRequestContext().put(Message.RECEIVE_TIMEOUT, Long.toString(receiveTimeout.toMillis()));
            DeliverResponse response = proxy.deliver(request);
            if (response == null || !push.dispatchId().equals(response.getDispatchId())) {
                return new PushResult.Failed(FailureKind.REFUSED_BY_ENDPOINT, "the endpoint answered for another dispatch");
            }
            return new PushResult.Accepted(response.getAcknowledgedBy());
        } catch (CasebridgeFault fault) {
            return new PushResult.Failed(FailureKind.REFUSED_BY_ENDPOINT, "endpoint refused: " + fault.getMessage());
        } catch (WebServiceException | org.apache.cxf.interceptor.Fault e) {
            return failure(endpoint, receiveTimeout, e);
        }
    }

    /** The agency's read-timeout, plus the push's attachment content at the slowest rate allowed. */
    Duration receiveTimeout(AgencyEndpoint endpoint, Push push) {
        long bytes = push.attachments().stream().mapToLong(AttachmentSource::size).sum();
        return endpoint.readTimeout().plusMillis((long) Math.ceil(bytes * 1000.0 / minBytesPerSecond));
    }

    /** Names the network fault or HTTP status under CXF's wrappers. */
    private static PushResult.Failed failure(AgencyEndpoint endpoint, Duration receiveTimeout, Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HTTPException http) {
                return new PushResult.Failed(FailureKind.HTTP_STATUS, "HTTP " + http.getResponseCode());
            }
            if (cause instanceof ConnectException) {
                return new PushResult.Failed(FailureKind.CONNECTION_REFUSED, "connection refused");
            }
            if (cause instanceof SocketTimeoutException timeout) {
                return String.valueOf(timeout.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect")
                        ? new PushResult.Failed(FailureKind.CONNECT_TIMEOUT, "connect timed out after " + endpoint.connectTimeout())
                        : new PushResult.Failed(FailureKind.READ_TIMEOUT, "read timed out after " + receiveTimeout);
            }
        }
        if (e instanceof jakarta.xml.ws.soap.SOAPFaultException) {
            return new PushResult.Failed(FailureKind.REFUSED_BY_ENDPOINT, "endpoint faulted: " + rootMessage(e));
        }
        return new PushResult.Failed(FailureKind.NETWORK, "endpoint unreachable or failing: " + rootMessage(e));
    }

    /** One CXF proxy per endpoint: calling it from several threads is safe once it is configured. */
    private org.casebridge.contracts.v1.agency.AgencyEndpoint client(AgencyEndpoint endpoint) {
        return clients.computeIfAbsent(endpoint, target -> {
            JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
            factory.setBus(bus);
            factory.setServiceClass(org.casebridge.contracts.v1.agency.AgencyEndpoint.class);
            factory.setAddress(target.address().toString());
            factory.setWsdlLocation("classpath:casebridge/v1/casebridge-agency-endpoint-v1.wsdl");
            factory.setProperties(new java.util.HashMap<>(java.util.Map.of("mtom-enabled", Boolean.TRUE,
                    "org.apache.cxf.transport.process_fault_on_http_400", Boolean.TRUE)));
            org.casebridge.contracts.v1.agency.AgencyEndpoint proxy =
                    factory.create(org.casebridge.contracts.v1.agency.AgencyEndpoint.class);
            Client client = ClientProxy.getClient(proxy);
            // Each consumer thread sets its own receive timeout on the shared proxy.
            client.setThreadLocalRequestContext(true);
            HTTPConduit conduit = (HTTPConduit) client.getConduit();
            HTTPClientPolicy policy = new HTTPClientPolicy();
            policy.setConnectionTimeout(target.connectTimeout().toMillis());
            policy.setReceiveTimeout(target.readTimeout().toMillis());
            // Stream large MTOM parts instead of buffering the whole request to learn its length.
            policy.setAllowChunking(true);
            conduit.setClient(policy);
            return proxy;
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
