/**
 * Group commit: units of work from concurrent callers (recording a message, closing a dispatch)
 * run in shared transactions, each caller still getting its own outcome.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Group commit", allowedDependencies = {})
package org.casebridge.gateway.commits;
