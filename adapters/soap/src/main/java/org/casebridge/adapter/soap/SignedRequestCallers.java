package org.casebridge.adapter.soap;

import java.security.cert.X509Certificate;
import java.util.List;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.CertificateIdentities;
import org.casebridge.adapter.spi.GatewayRejection;

/** The caller of a request signed with WS-Security: the agency whose certificate verified its signature. */
final class SignedRequestCallers implements CallerContext {

    private final CertificateIdentities certificates;

    SignedRequestCallers(CertificateIdentities certificates) {
        this.certificates = certificates;
    }

    @Override
    public Caller current() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        Object results = message == null ? null : message.get(WSHandlerConstants.RECV_RESULTS);
        if (results instanceof List<?> handlerResults) {
            for (Object handlerResult : handlerResults) {
                for (WSSecurityEngineResult result : ((WSHandlerResult) handlerResult).getResults()) {
                    if (result.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE) instanceof X509Certificate certificate) {
                        return certificates.callerFor(certificate).orElseThrow(() -> unauthenticated());
                    }
                }
            }
        }
        throw unauthenticated();
    }

    private static GatewayRejection unauthenticated() {
        return new GatewayRejection(GatewayRejection.Reason.UNAUTHENTICATED,
                "the request is not signed with the certificate of a connected agency");
    }
}
