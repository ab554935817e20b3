/**
 * Signed acknowledgements: transport receipts at intake, delivery receipts on acknowledgement,
 * and the gateway's seal on every delivered message. JSON is signed as ES256 JWS over RFC 8785
 * canonical JSON, XML with enveloped XML-DSig; the keys are published for offline verification.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Receipts", allowedDependencies = {"access", "archive", "audit"})
package org.casebridge.gateway.receipts;
