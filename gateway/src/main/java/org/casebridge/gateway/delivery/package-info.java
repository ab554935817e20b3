/**
 * Delivery: one listener per recipient agency takes dispatches off its queue and either pushes
 * them through the agency's transport (PUSH_REST, PUSH_SOAP) or puts them in its inbox (PULL).
 * An acknowledgement, by pull or by an accepted push, issues the signed delivery receipt that
 * goes back to the sender.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Delivery", allowedDependencies = {"access", "agencies", "archive", "attachments", "audit", "commits", "lifecycle", "receipts", "routing"})
package org.casebridge.gateway.delivery;
