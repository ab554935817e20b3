package org.casebridge.gateway.attachments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxSize the largest attachment accepted, by any transport */
@ConfigurationProperties("casebridge.attachments")
public record AttachmentProperties(@DefaultValue("4GB") DataSize maxSize) {
}
