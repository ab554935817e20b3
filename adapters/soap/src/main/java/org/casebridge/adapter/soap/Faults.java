package org.casebridge.adapter.soap;

import org.apache.cxf.phase.PhaseInterceptorChain;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.codec.FieldPaths;
import org.casebridge.contracts.v1.Fault;
import org.casebridge.contracts.v1.gateway.CasebridgeFault;

/** A gateway refusal as the contract's SOAP fault: stable code, readable message, the field at fault. */
final class Faults {

    private Faults() {
    }

    /** Where the fault's Retry-After waits, on the exchange, for {@link ContractFaultInterceptor.Status}. */
    static final String RETRY_AFTER = "casebridge.retry-after";

    static CasebridgeFault of(GatewayRejection rejection) {
        rejection.retryAfter().ifPresent(after -> {
            org.apache.cxf.message.Message current = PhaseInterceptorChain.getCurrentMessage();
            if (current != null) {
                current.getExchange().put(RETRY_AFTER, Math.max(1, after.toSeconds()));
            }
        });
        String field = field(rejection);
        return of(rejection.code(), rejection.detail(field), field);
    }

    /** The field at fault as SOAP clients read it: a place in the message as an XPath into the XML they sent. */
    static String field(GatewayRejection rejection) {
        String field = rejection.field();
        return FieldPaths.isModelPath(field) ? FieldPaths.xpath(field) : field;
    }

    static CasebridgeFault of(String code, String message, String field) {
        Fault detail = new Fault();
        detail.setCode(code);
        detail.setMessage(message);
        detail.setField(field);
        return new CasebridgeFault(message, detail);
    }
}
