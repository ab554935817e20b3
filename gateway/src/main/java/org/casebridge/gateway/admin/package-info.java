/**
 * Gateway administration for operators: the agency configuration in force and the state of
 * deliveries. No payload is ever shown here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Administration", allowedDependencies = {"access", "agencies", "audit", "routing"})
package org.casebridge.gateway.admin;
