package org.casebridge.adapter.rest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxMessageSize the largest JSON message accepted; attachments travel separately */
@ConfigurationProperties("casebridge.rest")
public record RestAdapterProperties(@DefaultValue("2MB") DataSize maxMessageSize) {
}
