/**
 * Attachment content, addressed by SHA-256: streamed to storage while hashed, kept only when the
 * digest matches, and streamed out again to agencies that may read it. Never held whole in memory.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Attachments", allowedDependencies = {"access", "archive", "storage"})
package org.casebridge.gateway.attachments;
