package org.casebridge.gateway.http;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The request as the application sees it, its body read through a {@link RateCheckedInputStream}. */
final class RateCheckedRequest extends HttpServletRequestWrapper {

    private final BodyRate rate;
    private final Runnable cutOff;
    private RateCheckedInputStream body;
    private BufferedReader reader;

    RateCheckedRequest(HttpServletRequest request, BodyRate rate, Runnable cutOff) {
        super(request);
        this.rate = rate;
        this.cutOff = cutOff;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
            throw new IllegalStateException("getReader() has already been called for this request");
        }
        return stream();
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            if (body != null) {
                throw new IllegalStateException("getInputStream() has already been called for this request");
            }
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            reader = new BufferedReader(new InputStreamReader(stream(), charset));
        }
        return reader;
    }

    private RateCheckedInputStream stream() throws IOException {
        if (body == null) {
            body = new RateCheckedInputStream(super.getInputStream(), rate, cutOff);
        }
        return body;
    }
}
