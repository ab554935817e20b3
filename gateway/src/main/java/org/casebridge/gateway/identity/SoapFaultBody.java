package org.casebridge.gateway.identity;

/** A SOAP 1.1 fault written before CXF sees the request, with the contract's fault detail. */
final class SoapFaultBody {

    private SoapFaultBody() {
    }

    /** code and message are constants of the gateway, never caller input, so no escaping is needed. */
    static String of(String code, String message) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                + "<faultcode>soap:Client</faultcode><faultstring>" + message + "</faultstring>"
                + "<detail><cb:Fault xmlns:cb=\"urn:casebridge:v1\"><cb:code>" + code + "</cb:code><cb:message>"
                + message + "</cb:message></cb:Fault></detail></soap:Fault></soap:Body></soap:Envelope>";
    }
}
