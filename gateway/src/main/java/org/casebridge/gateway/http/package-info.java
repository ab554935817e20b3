/**
 * The HTTP server's own protections, before any request reaches the application: how long a
 * client may take over its headers and its body, how many connections one client address may
 * hold, no reading of the body of a refused request, and a probe port of its own so that health
 * and readiness answer while the main worker pool is busy. Depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "HTTP server", allowedDependencies = {})
package org.casebridge.gateway.http;
