/**
 * Routing: who gets each message (its recipient and copies) and each delivery receipt (the
 * sender), as dispatches; and the transactional outbox that moves dispatches to pushing agencies
 * onto one Artemis queue per agency, once in effect and in order per handoff. Dispatches to
 * agencies that collect their inbox are available as soon as they are recorded.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Routing", allowedDependencies = {"archive", "agencies"})
package org.casebridge.gateway.routing;
