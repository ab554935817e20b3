/**
 * Evidence export: one case as a single signed archive (messages, seals, receipts, lifecycle
 * events, attachment digests, the case's audit entries and the hash-chain proof up to a signed
 * checkpoint, and every key the gateway ever used), for the offline verifier in {@code verifier/}.
 * The layout is described in {@code verifier/FORMAT.md}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Evidence", allowedDependencies = {"access", "archive", "attachments", "audit", "lifecycle", "receipts"})
package org.casebridge.gateway.evidence;
