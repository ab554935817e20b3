package org.casebridge.adapter.soap;

import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Gives faults raised by CXF itself (a request that does not parse, an unknown operation, an
 * element the contract does not know) the same detail as the gateway's own: a stable code and
 * a readable message. Such faults are the caller's, so they are Client faults.
 */
final class ContractFaultInterceptor extends AbstractSoapInterceptor {

    static final String NAMESPACE = "urn:casebridge:v1";

    ContractFaultInterceptor() {
        super(Phase.PRE_PROTOCOL);
        addAfter(org.apache.cxf.jaxws.interceptors.WebFaultOutInterceptor.class.getName());
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if (!(message.getContent(Exception.class) instanceof Fault fault)
                || fault.getCause() instanceof org.casebridge.contracts.v1.gateway.CasebridgeFault) {
            return; // the gateway's own faults carry their detail already
        }
        Element detail = fault.getDetail();
        if (detail != null && detail.getElementsByTagNameNS(NAMESPACE, "code").getLength() > 0) {
            return;
        }
        boolean callersFault = !(fault.getCause() instanceof RuntimeException)
                || fault.getCause() instanceof org.apache.cxf.interceptor.Fault
                || String.valueOf(fault.getMessage()).contains("Unmarshalling");
        String code = callersFault ? "MALFORMED_REQUEST" : "INTERNAL_ERROR";
        String text = callersFault ? fault.getMessage() : "the gateway could not process the request";
        if (callersFault) {
            fault.setFaultCode(new QName("http://schemas.xmlsoap.org/soap/envelope/", "Client"));
        } else {
            fault.setMessage(text);
        }
        Document document = detail != null ? detail.getOwnerDocument() : fault.getOrCreateDetail().getOwnerDocument();
        Element container = fault.getOrCreateDetail();
        Element contractFault = document.createElementNS(NAMESPACE, "cb:Fault");
        append(document, contractFault, "code", code);
        append(document, contractFault, "message", text == null ? code : text);
        container.appendChild(contractFault);
    }

    private static void append(Document document, Element parent, String name, String text) {
        Element child = document.createElementNS(NAMESPACE, "cb:" + name);
        child.setTextContent(text);
        parent.appendChild(child);
    }
}
