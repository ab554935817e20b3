package org.casebridge.adapter.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.RefusalWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;

/**
 * Refusals decided outside the REST resources, as the same RFC 9457 problem document that
 * {@link ProblemResponses} writes. Serves every path no other transport claims, so it goes last.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemRefusalWriter implements RefusalWriter {

    @Override
    public boolean serves(HttpServletRequest request) {
        return true;
    }

    @Override
    public void write(GatewayRejection refusal, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        HttpStatus status = HttpStatus.valueOf(refusal.reason().httpStatus());
        response.setStatus(status.value());
        refusal.retryAfter().ifPresent(after -> response.setHeader("Retry-After", String.valueOf(Math.max(1, after.toSeconds()))));
        response.setContentType("application/problem+json");
        String field = ProblemResponses.field(refusal);
        StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":").append(quoted(status.getReasonPhrase()))
                .append(",\"status\":").append(status.value())
                .append(",\"detail\":").append(quoted(refusal.detail(field)))
                .append(",\"instance\":").append(quoted(request.getRequestURI()))
                .append(",\"code\":").append(quoted(refusal.code()));
        if (field != null) {
            json.append(",\"field\":").append(quoted(field));
        }
        response.getOutputStream().write(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
