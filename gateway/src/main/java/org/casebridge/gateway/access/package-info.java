/**
 * Who may do what: the access rules of the gateway in one place, each decision written to the
 * audit trail. Agency systems act and read as their agency; liaison officers and prosecutors read
 * the cases their agency takes part in and act for it (submit, acknowledge); auditors read
 * everything and change nothing; operators manage the gateway but read no case unless they also
 * hold a reading role.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access", allowedDependencies = {"archive", "audit", "identity"})
package org.casebridge.gateway.access;
