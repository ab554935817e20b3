/**
 * The audit trail: every message accepted, receipt issued, state change, deadline warning,
 * acknowledgement, read or refusal and configuration loaded, as an append-only entry written in
 * the transaction of what it records; a sealer links the entries into a hash chain (the rule is
 * contracts' {@code AuditChain}), the chain's head is signed from time to time, and a verifier
 * re-walks it all. Depends on no other module: the others call it, and the signing key reaches it
 * through {@link org.casebridge.gateway.audit.ChainSignatures}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit", allowedDependencies = {})
package org.casebridge.gateway.audit;
