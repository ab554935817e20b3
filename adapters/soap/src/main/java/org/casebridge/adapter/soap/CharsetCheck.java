package org.casebridge.adapter.soap;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.cxf.helpers.HttpHeaderHelper;

/**
 * Refuses a SOAP request whose Content-Type names a charset nobody knows. CXF checks it while
 * setting the message up, before any interceptor runs, and fails the servlet with an IOException
 * that Tomcat answers with 500; the same check, made first, answers the caller's fault.
 */
final class CharsetCheck implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        String charset = HttpHeaderHelper.findCharset(request.getContentType());
        if (charset != null && request instanceof HttpServletRequest http && "POST".equals(http.getMethod())
                && HttpHeaderHelper.mapCharset(charset) == null) {
            HttpServletResponse answer = (HttpServletResponse) response;
            answer.setStatus(400);
            answer.setContentType("text/xml;charset=UTF-8");
            String text = "the request's charset is not one the gateway knows";
            answer.getOutputStream().write(("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                    + "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>" + text + "</faultstring><detail>"
                    + "<cb:Fault xmlns:cb=\"" + ContractFaultInterceptor.NAMESPACE + "\"><cb:code>MALFORMED_REQUEST</cb:code><cb:message>"
                    + text + "</cb:message></cb:Fault></detail></soap:Fault></soap:Body></soap:Envelope>").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
