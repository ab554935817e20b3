package org.casebridge.gateway.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The browser client people sign in with (OpenID Connect, authorization code flow).
 *
 * @param clientId     its client id in the realm
 * @param clientSecret its secret; the demo realm's is {@code casebridge-console-secret}
 */
@ConfigurationProperties("casebridge.console")
public record ConsoleProperties(@DefaultValue("casebridge-console") String clientId, String clientSecret) {
}
