package org.casebridge.adapter.spi;

import java.net.URI;
import java.util.Locale;

/**
 * Where callers reach this gateway ({@code casebridge.public-url}): the base of every absolute
 * URL it writes (sign-in return addresses, the OpenAPI servers, the WSDL's endpoint address).
 * Never taken from a request: a Host or X-Forwarded header is whatever the client chose to send.
 *
 * @param base scheme, host, port and context path, without a trailing slash
 */
public record PublicUrl(String base) {

    public PublicUrl {
        URI uri = URI.create(base);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("casebridge.public-url must be an http(s) URL with a host and no"
                    + " user, query or fragment, not " + base);
        }
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The absolute URL of a path of this gateway ({@code path} starts with a slash). */
    public String of(String path) {
        return base + path;
    }
}
