package org.casebridge.gateway.evidence;

import jakarta.servlet.http.HttpServletResponse;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.GatewayRejection;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/handoffs/{id}/evidence}: the case as a zip, streamed as it is written. The
 * access decision comes before the first byte, so a refusal is an ordinary 404 problem.
 */
@RestController
class EvidenceController {

    private final EvidenceExport export;
    private final CallerContext callers;

    EvidenceController(EvidenceExport export, CallerContext callers) {
        this.export = export;
        this.callers = callers;
    }

    @GetMapping("/api/v1/handoffs/{handoffId}/evidence")
    void evidence(@PathVariable String handoffId, @RequestParam(defaultValue = "omit") String attachments,
            HttpServletResponse response) {
        Caller caller = callers.current();
        boolean includeContent = switch (attachments) {
            case "include" -> true;
            case "omit" -> false;
            default -> throw new GatewayRejection(GatewayRejection.Reason.MALFORMED_REQUEST,
                    "attachments must be include or omit", "attachments");
        };
        export.export(caller, handoffId, includeContent, () -> {
            response.setContentType("application/zip");
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename("evidence-" + CaseRecordsWriter.safe(handoffId) + ".zip").build().toString());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            return response.getOutputStream();
        });
    }
}
