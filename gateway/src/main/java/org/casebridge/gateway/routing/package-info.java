/**
 * Routing: who gets each message (its recipient and copies) and each delivery receipt (the
 * sender), as dispatches; and the transactional outbox that moves dispatches onto one Artemis
 * queue per recipient agency, once in effect and in order per handoff.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Routing", allowedDependencies = {"archive"})
package org.casebridge.gateway.routing;
