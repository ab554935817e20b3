/**
 * The audit trail: every read of a case and every refusal, with who, what and when.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit", allowedDependencies = {})
package org.casebridge.gateway.audit;
