/**
 * Publishes the contracts as they are written in {@code contracts/}: the REST contract bundled
 * into one OpenAPI document at {@code /v3/api-docs}, and the XSD, JSON Schema and examples under
 * {@code /contracts/v1/}. Nothing is generated from code, so what clients read is the contract.
 */
@org.springframework.modulith.ApplicationModule(displayName = "API documents", allowedDependencies = {})
package org.casebridge.gateway.apidocs;
