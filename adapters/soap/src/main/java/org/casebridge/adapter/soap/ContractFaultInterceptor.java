package org.casebridge.adapter.soap;

import jakarta.servlet.http.HttpServletResponse;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.interceptor.ServiceInvokerInterceptor;
import org.apache.cxf.jaxws.interceptors.WebFaultOutInterceptor;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.v1.gateway.CasebridgeFault;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Makes every SOAP fault look like the gateway's own: a fault caused by the request is a Client
 * fault answered with HTTP 400 (CXF sends 500 for every fault otherwise; 400 is what SOAP 1.2
 * prescribes for a sender's fault, and what SOAP 1.1 clients such as CXF can be told to read), and
 * faults raised by CXF itself (a request that does not parse, an unknown operation, an element
 * the contract does not know) get the contract's detail with a stable code.
 */
final class ContractFaultInterceptor {

    static final String NAMESPACE = "urn:casebridge:v1";
    private static final QName CLIENT = new QName("http://schemas.xmlsoap.org/soap/envelope/", "Client");

    private ContractFaultInterceptor() {
    }

    /**
     * Marks the exchange once the request has been read whole: parsed, checked by WS-Security,
     * unmarshalled and its MTOM parts resolved. A fault before this mark is the caller's.
     */
    static final class RequestRead extends AbstractPhaseInterceptor<Message> {
        RequestRead() {
            super(Phase.INVOKE);
            addBefore(ServiceInvokerInterceptor.class.getName());
        }

        @Override
        public void handleMessage(Message message) {
            message.getExchange().put(REQUEST_READ, Boolean.TRUE);
        }
    }

    private static final String REQUEST_READ = "casebridge.request-read";

    /** Sets the status before anything is written: with MTOM the first bytes go out at PRE_STREAM. */
    static final class Status extends AbstractSoapInterceptor {
        Status() {
            super(Phase.PREPARE_SEND);
            // CXF's fault writer copies the fault's status code into the response in this phase.
            addBefore(org.apache.cxf.binding.soap.interceptor.Soap11FaultOutInterceptor.class.getName());
        }

        @Override
        public void handleMessage(SoapMessage message) {
            if (message.getContent(Exception.class) instanceof Fault fault) {
                // CXF would answer in the request's encoding, even one the request only claimed.
                message.put(Message.ENCODING, java.nio.charset.StandardCharsets.UTF_8.name());
                int status = statusOf(fault, message.getExchange());
                fault.setStatusCode(status);
                if (status < 500) {
                    fault.setFaultCode(CLIENT);
                }
                Object retryAfter = message.getExchange().get(Faults.RETRY_AFTER);
                if (retryAfter != null && message.getExchange().getInMessage() != null
                        && message.getExchange().getInMessage().get(AbstractHTTPDestination.HTTP_RESPONSE) instanceof HttpServletResponse response) {
                    response.setHeader("Retry-After", retryAfter.toString());
                }
            }
        }
    }

    /** Adds the contract's detail once JAX-WS has written the detail of declared faults. */
    static final class Detail extends AbstractSoapInterceptor {
        Detail() {
            super(Phase.PRE_PROTOCOL);
            addAfter(WebFaultOutInterceptor.class.getName());
        }

        @Override
        public void handleMessage(SoapMessage message) {
            if (!(message.getContent(Exception.class) instanceof Fault fault) || fault.getCause() instanceof CasebridgeFault) {
                return;
            }
            Element detail = fault.getDetail();
            if (detail != null && detail.getElementsByTagNameNS(NAMESPACE, "code").getLength() > 0) {
                return;
            }
            boolean callersFault = statusOf(fault, message.getExchange()) < 500;
            String code = !callersFault ? "INTERNAL_ERROR" : isSecurityFault(fault) ? "UNAUTHENTICATED"
                    : isUnreadableDate(fault) ? "CONTRACT_VIOLATION" : "MALFORMED_REQUEST";
            String text = callersFault ? fault.getMessage() : "the gateway could not process the request";
            if (!callersFault) {
                fault.setMessage(text);
            }
            Element container = fault.getOrCreateDetail();
            Document document = container.getOwnerDocument();
            Element contractFault = document.createElementNS(NAMESPACE, "cb:Fault");
            append(document, contractFault, "code", code);
            append(document, contractFault, "message", text == null ? code : text);
            container.appendChild(contractFault);
        }
    }

    /**
     * The gateway's refusals say whose fault they are. Any other fault raised before the request
     * was read whole (see {@link RequestRead}) is the caller's: the request did not parse, did not
     * verify, did not fit the contract's types, or named MTOM parts it does not carry. A fault
     * raised after that is the gateway's own failure. The precise reason is cb:code.
     */
    static int statusOf(Fault fault, Exchange exchange) {
        if (fault.getCause() instanceof CasebridgeFault own) {
            try {
                int status = GatewayRejection.Reason.valueOf(own.getFaultInfo().getCode()).httpStatus();
                return status < 500 ? 400 : status;
            } catch (IllegalArgumentException unknown) {
                return 500;
            }
        }
        return exchange != null && Boolean.TRUE.equals(exchange.get(REQUEST_READ)) ? 500 : 400;
    }

    /** WS-Security refused the request: no, a bad or an incomplete signature, or a stale timestamp. */
    static boolean isSecurityFault(Fault fault) {
        if (fault instanceof org.apache.cxf.binding.soap.SoapFault soap && soap.getFaultCode() != null
                && WSSE.equals(soap.getFaultCode().getNamespaceURI())) {
            return true;
        }
        for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.wss4j.common.ext.WSSecurityException) {
                return true;
            }
        }
        return String.valueOf(fault.getMessage()).contains("is not signed");
    }

    /**
     * A date or time the XSD's lexical space allows but java.time cannot read (24:00:00, a leap
     * second, a year of ten digits): REST refuses the same value as a contract violation, so SOAP does.
     */
    static boolean isUnreadableDate(Fault fault) {
        for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.time.DateTimeException) {
                return true;
            }
        }
        return false;
    }

    private static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    private static void append(Document document, Element parent, String name, String text) {
        Element child = document.createElementNS(NAMESPACE, "cb:" + name);
        child.setTextContent(text);
        parent.appendChild(child);
    }
}
