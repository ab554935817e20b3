package org.casebridge.adapter.soap;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param attachmentMemoryThreshold MTOM parts larger than this spill to disk as they arrive
 * @param maxMessageSize            the largest SOAP request, attachments included
 * @param attachmentDirectory       where MTOM parts that spill to disk go (unset: the JVM's temporary
 *                                  directory, which may be a RAM disk); the gateway sets it beside
 *                                  the attachment store, whose free space it watches
 * @param pushMinRate               the slowest transfer (bytes per second) a push with attachment
 *                                  content is allowed: such a push may take the agency's read-timeout
 *                                  plus its content's size at this rate, since the HTTP client counts
 *                                  the read-timeout from the request's first byte, not its last
 */
@ConfigurationProperties("casebridge.soap")
public record SoapAdapterProperties(
        @DefaultValue("256KB") DataSize attachmentMemoryThreshold,
        @DefaultValue("4GB") DataSize maxMessageSize,
        Path attachmentDirectory,
        @DefaultValue("1MB") DataSize pushMinRate) {
}
