package org.casebridge.adapter.soap;

import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.v1.Fault;
import org.casebridge.contracts.v1.gateway.CasebridgeFault;

/** A gateway refusal as the contract's SOAP fault: stable code, readable message, the field at fault. */
final class Faults {

    private Faults() {
    }

    static CasebridgeFault of(GatewayRejection rejection) {
        return of(rejection.code(), rejection.detail(), rejection.field());
    }

    static CasebridgeFault of(String code, String message, String field) {
        Fault detail = new Fault();
        detail.setCode(code);
        detail.setMessage(message);
        detail.setField(field);
        return new CasebridgeFault(message, detail);
    }
}
