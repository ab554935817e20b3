package org.casebridge.gateway.identity;

/** A SOAP 1.1 fault written before CXF sees the request, with the contract's fault detail. */
final class SoapFaultBody {

    private SoapFaultBody() {
    }

    static String of(String code, String text) {
        String message = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                + "<faultcode>soap:Client</faultcode><faultstring>" + message + "</faultstring>"
                + "<detail><cb:Fault xmlns:cb=\"urn:casebridge:v1\"><cb:code>" + code + "</cb:code><cb:message>"
                + message + "</cb:message></cb:Fault></detail></soap:Fault></soap:Body></soap:Envelope>";
    }
}
