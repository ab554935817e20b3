package org.casebridge.adapter.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.casebridge.adapter.spi.AttachmentPort;
import org.casebridge.adapter.spi.AttachmentSource;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Attachment content by stream: uploads are hashed on the way to storage and checked against
 * their RFC 9530 Content-Digest; downloads carry it, so the recipient can check too.
 */
@RestController
class AttachmentsResource {

    private static final Pattern SHA256_DIGEST = Pattern.compile("(?:^|,)\\s*sha-256=:([A-Za-z0-9+/]{43}=):");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&\\-^_.+]{0,126}/[a-z0-9][a-z0-9!#$&\\-^_.+]{0,126}");

    private final AttachmentPort attachments;
    private final CallerContext callers;

    AttachmentsResource(AttachmentPort attachments, CallerContext callers) {
        this.attachments = attachments;
        this.callers = callers;
    }

    @PostMapping(path = "/api/v1/attachments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> upload(HttpServletRequest request,
            @RequestHeader(name = "Content-Digest", required = false) String contentDigest,
            @RequestHeader(name = "Content-Type", required = false) String contentType) throws IOException {
        String expected = sha256Of(contentDigest);
        String mediaType = mediaTypeOf(contentType);
        AttachmentPort.StoredAttachment stored;
        try (InputStream body = request.getInputStream()) {
            // A Content-Length above the maximum is refused before the first byte is read.
            stored = attachments.store(callers.current(), body, expected, mediaType, request.getContentLengthLong());
        } catch (GatewayRejection refused) {
            // On upload the digest the content must match is the one the Content-Digest header declares.
            throw refused.reason() == Reason.ATTACHMENT_DIGEST_MISMATCH && refused.field() == null
                    ? refused.at("Content-Digest") : refused;
        }
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                .body("{\"sha256\":\"" + stored.sha256() + "\",\"size\":" + stored.size()
                        + ",\"mediaType\":\"" + stored.mediaType() + "\"}");
    }

    /**
     * Written to the response on the request's own thread, not as an asynchronous
     * {@code StreamingResponseBody}: an async request ends at the container's async timeout
     * (Tomcat: 30 s), which would cut off any download that takes longer, and a large one does.
     */
    @GetMapping("/api/v1/attachments/{sha256}")
    void download(@PathVariable String sha256, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new GatewayRejection(Reason.NOT_FOUND, "no attachment " + sha256);
        }
        AttachmentSource source = attachments.open(callers.current(), sha256);
        try (InputStream in = source.open()) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.parseMediaType(source.mediaType()).toString());
            response.setContentLengthLong(source.size());
            response.setHeader("Content-Digest", "sha-256=:"
                    + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":");
            if (!"HEAD".equals(request.getMethod())) {
                OutputStream out = response.getOutputStream();
                in.transferTo(out);
                out.flush();
            }
        }
    }

    private static String sha256Of(String contentDigest) {
        if (contentDigest == null) {
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "the Content-Digest header (RFC 9530, sha-256) is required",
                    "Content-Digest");
        }
        Matcher matcher = SHA256_DIGEST.matcher(contentDigest);
        if (!matcher.find()) {
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION,
                    "Content-Digest must carry sha-256=:<base64 digest>:, found " + abbreviate(contentDigest), "Content-Digest");
        }
        return HexFormat.of().formatHex(Base64.getDecoder().decode(matcher.group(1)));
    }

    private static String mediaTypeOf(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!MEDIA_TYPE.matcher(type).matches()) {
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "Content-Type must name the attachment's media type",
                    "Content-Type");
        }
        return type;
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
