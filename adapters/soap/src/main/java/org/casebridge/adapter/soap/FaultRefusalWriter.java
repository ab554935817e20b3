package org.casebridge.adapter.soap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.RefusalWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Refusals decided before CXF sees the request (by the security filters), as the SOAP 1.1 fault
 * with the contract's fault detail that CXF itself would write, for the paths under cxf.path.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class FaultRefusalWriter implements RefusalWriter {

    private final String path;

    FaultRefusalWriter(String path) {
        this.path = path.endsWith("/") ? path : path + "/";
    }

    @Override
    public boolean serves(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + path);
    }

    @Override
    public void write(GatewayRejection refusal, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setStatus(refusal.reason().httpStatus());
        refusal.retryAfter().ifPresent(after -> response.setHeader("Retry-After", String.valueOf(Math.max(1, after.toSeconds()))));
        response.setContentType("text/xml;charset=UTF-8");
        String at = Faults.field(refusal);
        String message = escaped(refusal.detail(at));
        String field = at == null ? "" : "<cb:field>" + escaped(at) + "</cb:field>";
        String fault = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                + "<faultcode>soap:Client</faultcode><faultstring>" + message + "</faultstring>"
                + "<detail><cb:Fault xmlns:cb=\"urn:casebridge:v1\"><cb:code>" + refusal.code() + "</cb:code><cb:message>"
                + message + "</cb:message>" + field + "</cb:Fault></detail></soap:Fault></soap:Body></soap:Envelope>";
        response.getOutputStream().write(fault.getBytes(StandardCharsets.UTF_8));
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
