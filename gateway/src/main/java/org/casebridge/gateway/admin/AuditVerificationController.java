package org.casebridge.gateway.admin;

import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.audit.ChainVerifier;
import org.casebridge.gateway.audit.VerificationReport;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Re-walks the audit chain on request, for operators and auditors; a broken chain is a finding, not an error (200). */
@RestController
class AuditVerificationController {

    private final ChainVerifier verifier;
    private final AccessPolicy access;
    private final CallerContext callers;

    AuditVerificationController(ChainVerifier verifier, AccessPolicy access, CallerContext callers) {
        this.verifier = verifier;
        this.access = access;
        this.callers = callers;
    }

    @GetMapping(path = "/api/v1/admin/audit/verification", produces = MediaType.APPLICATION_JSON_VALUE)
    VerificationReport verification() {
        access.requireAuditVerification(callers.current());
        return verifier.verify();
    }
}
