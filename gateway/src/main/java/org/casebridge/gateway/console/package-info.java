/**
 * Console: the web pages people use to follow handoffs (list, handoff page, dashboard), rendered
 * on the server. It shows what tracking reads and acts through the same services as the API, so
 * the access rules live once, in access.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console", allowedDependencies = {"access", "agencies",
        "archive", "clocks", "deadlines", "delivery", "intake", "lifecycle", "receipts", "routing", "tracking"})
package org.casebridge.gateway.console;
