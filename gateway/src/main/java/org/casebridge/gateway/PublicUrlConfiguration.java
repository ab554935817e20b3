package org.casebridge.gateway;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import org.casebridge.adapter.spi.PublicUrl;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
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

    /**
     * Every redirect to a path of the gateway names the public URL. Tomcat makes a relative
     * Location absolute from the request's Host header (always for HTTP/1.0, whatever
     * use-relative-redirects says), so it must never see one. First of all filters, so that Spring
     * Security's redirects (sign-in, saved pages) pass through it too.
     */
    @Bean
    FilterRegistrationBean<Filter> publicRedirects(PublicUrl publicUrl) {
        Filter filter = (request, response, chain) -> chain.doFilter(request, request instanceof HttpServletRequest http
                && response instanceof HttpServletResponse answer ? new PublicRedirects(http, answer, publicUrl) : response);
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static final class PublicRedirects extends HttpServletResponseWrapper {
        private final HttpServletRequest request;
        private final PublicUrl publicUrl;

        PublicRedirects(HttpServletRequest request, HttpServletResponse response, PublicUrl publicUrl) {
            super(response);
            this.request = request;
            this.publicUrl = publicUrl;
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            super.sendRedirect(absolute(location));
        }

        @Override
        public void sendRedirect(String location, int status) throws IOException {
            super.sendRedirect(absolute(location), status);
        }

        @Override
        public void sendRedirect(String location, int status, boolean clearBuffer) throws IOException {
            super.sendRedirect(absolute(location), status, clearBuffer);
        }

        /** A path of the gateway under the public URL; Spring's locations already hold the context path. */
        private String absolute(String location) {
            URI target;
            try {
                target = URI.create(location);
            } catch (IllegalArgumentException unparsable) {
                return location;
            }
            if (target.isAbsolute() || target.getRawAuthority() != null) {
                return location; // another service's address (the realm), as the gateway wrote it
            }
            String base = publicUrl.base();
            String context = request.getContextPath();
            String root = base.endsWith(context) ? base.substring(0, base.length() - context.length()) : base;
            String path = location.startsWith("/") ? location
                    : URI.create(request.getRequestURI()).resolve(target).toString();
            return root + path;
        }
    }
}
