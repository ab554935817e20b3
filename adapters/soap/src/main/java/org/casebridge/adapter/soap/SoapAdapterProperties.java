package org.casebridge.adapter.soap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param attachmentMemoryThreshold MTOM parts larger than this spill to disk as they arrive
 * @param maxMessageSize            the largest SOAP request, attachments included
 */
@ConfigurationProperties("casebridge.soap")
public record SoapAdapterProperties(
        @DefaultValue("256KB") DataSize attachmentMemoryThreshold,
        @DefaultValue("4GB") DataSize maxMessageSize) {
}
