package org.casebridge.gateway.http;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the protections of {@link HttpServerProperties} into the embedded Tomcat. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpServerProperties.class)
class HttpServerConfiguration {

    /** Threads of the probe port: probes are short and few. */
    private static final int PROBE_THREADS = 4;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> httpServerProtections(HttpServerProperties http) {
        return new Protections(http);
    }

    private record Protections(HttpServerProperties http) implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.setProtocol(AddressCappedNioProtocol.class.getName());
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
                    protocol.setConnectionTimeout(Math.toIntExact(http.headerTimeout().toMillis()));
                    // While a request is processed, the read timeout is the grace period: a body
                    // silent for that long is cut off (RateCheckedInputStream).
                    protocol.setDisableUploadTimeout(false);
                    protocol.setConnectionUploadTimeout(Math.toIntExact(http.bodyGrace().toMillis()));
                }
                if (connector.getProtocolHandler() instanceof AddressCappedNioProtocol capped) {
                    capped.setMaxConnectionsPerAddress(http.maxConnectionsPerAddress());
                }
            });
            factory.addEngineValves(new HeaderDeadlineValve(http.headerTimeout()), new RefusedBodyValve(),
                    new BodyRateValve(BodyRate.of(http.bodyGrace(), http.minBodyRate())));
            if (http.probePort() != null) {
                Connector probes = new Connector(Http11NioProtocol.class.getName());
                probes.setPort(http.probePort());
                if (factory.getAddress() != null) {
                    probes.setProperty("address", factory.getAddress().getHostAddress());
                }
                if (probes.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                    protocol.setMaxThreads(PROBE_THREADS);
                    protocol.setMinSpareThreads(1);
                    protocol.setConnectionTimeout(Math.toIntExact(http.headerTimeout().toMillis()));
                }
                factory.addAdditionalConnectors(probes);
                factory.addEngineValves(new ProbePortValve(probes));
            }
        }

        /** After Spring Boot's own customizers, which set the address this reads. */
        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
