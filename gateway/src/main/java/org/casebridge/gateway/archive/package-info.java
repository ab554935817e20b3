/**
 * The archive: every accepted message, stored once as the canonical JSON its digest covers, and
 * the handoffs (case threads) they belong to, with the agencies taking part in each.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Archive", allowedDependencies = {})
package org.casebridge.gateway.archive;
