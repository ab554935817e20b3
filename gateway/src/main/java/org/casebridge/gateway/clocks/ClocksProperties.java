package org.casebridge.gateway.clocks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param scanInterval how often due warnings are looked for */
@ConfigurationProperties("casebridge.clocks")
public record ClocksProperties(@DefaultValue("5s") Duration scanInterval) {
}
