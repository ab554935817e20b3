package org.casebridge.adapter.rest;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** Plugs the REST transport into a gateway that has it on its classpath. */
@AutoConfiguration
@EnableConfigurationProperties(RestAdapterProperties.class)
@Import({MessagesResource.class, InboxResource.class, AttachmentsResource.class, ProblemResponses.class, ProblemRefusalWriter.class,
        WebhookTransport.class, QueryParameterChecks.class})
public class RestAdapterConfiguration {
}
