/**
 * The statutory clocks of each handoff: started and stopped by its lifecycle events under the
 * rules of its jurisdiction profile, and their warnings, fired once each by a scheduler that
 * several gateway nodes may run on one database.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Clocks",
        allowedDependencies = {"agencies", "archive", "audit", "deadlines", "lifecycle", "receipts", "routing"})
package org.casebridge.gateway.clocks;
