package org.casebridge.gateway;

import org.casebridge.adapter.spi.PublicUrl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The gateway's public URL: {@code casebridge.public-url} (CASEBRIDGE_PUBLIC_URL), by default
 * {@code http://<server.address>:<server.port>}, which is right only when callers reach the
 * gateway directly at its bind address. Behind a proxy, or bound to 0.0.0.0, set it.
 */
@Configuration(proxyBeanMethods = false)
class PublicUrlConfiguration {

    @Bean
    PublicUrl publicUrl(Environment environment) {
        String configured = environment.getProperty("casebridge.public-url");
        if (configured != null && !configured.isBlank()) {
            return new PublicUrl(configured.strip());
        }
        String address = environment.getProperty("server.address", "127.0.0.1");
        String port = environment.getProperty("server.port", "8080");
        if (address.equals("0.0.0.0") || address.equals("::") || port.equals("0")) {
            throw new IllegalStateException("set casebridge.public-url (CASEBRIDGE_PUBLIC_URL): server.address " + address
                    + " and server.port " + port + " do not say where callers reach the gateway");
        }
        String host = address.contains(":") ? "[" + address + "]" : address;
        return new PublicUrl("http://" + host + ":" + port + environment.getProperty("server.servlet.context-path", ""));
    }
}
