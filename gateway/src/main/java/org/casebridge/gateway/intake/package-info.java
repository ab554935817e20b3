/**
 * Intake: the pipeline every submission goes through, whichever transport brought it —
 * validate against the contract, authorize the sender, admit it into its handoff, make sure
 * there is room to keep it (storage guard), then record
 * it (store, route and receipt in one transaction).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Intake", allowedDependencies = {"access", "agencies", "archive", "attachments", "audit", "commits", "lifecycle", "receipts", "routing", "storage"})
package org.casebridge.gateway.intake;
