package org.casebridge.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.ReadScope;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates for the pages: {@code GET /console/events} streams server-sent events about the
 * handoffs the viewer may read ({@code handoff-changed}, {@code warning-fired});
 * {@code ?handoff=ID} narrows the stream to one handoff the viewer may read, and answers 404 for any
 * other, as the handoff's own page would.
 */
@Controller
class LiveEventsController {

    private static final int MAX_ID = 200;

    private final LiveEvents live;
    private final CallerContext callers;
    private final AccessPolicy access;
    private final HandoffVisibility visibility;

    LiveEventsController(LiveEvents live, CallerContext callers, AccessPolicy access, HandoffVisibility visibility) {
        this.live = live;
        this.callers = callers;
        this.access = access;
        this.visibility = visibility;
    }

    @GetMapping("/console/events")
    ResponseEntity<SseEmitter> events(@RequestParam(name = "handoff", required = false) String handoff, Locale locale,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (handoff != null && (handoff.isBlank() || handoff.length() > MAX_ID || handoff.chars().anyMatch(Character::isISOControl))) {
            return refuse(response, HttpStatus.BAD_REQUEST, "handoff must be a handoff id of 1 to " + MAX_ID + " characters");
        }
        ReadScope scope = access.readScope(callers.current());
        if (scope.none()) {
            return refuse(response, HttpStatus.FORBIDDEN, "the caller's roles read no cases");
        }
        if (handoff != null && visibility.handoff(handoff).filter(h -> visibility.covers(scope, h)).isEmpty()) {
            return refuse(response, HttpStatus.NOT_FOUND, "no handoff " + handoff + " visible to the caller");
        }
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("X-Accel-Buffering", "no") // proxies must not hold events back
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(live.open(scope, locale, handoff, request.getContextPath()));
    }

    /** Written directly: the handler's return type is the stream, and a refusal is plain text. */
    private static ResponseEntity<SseEmitter> refuse(HttpServletResponse response, HttpStatus status, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(message);
        return null;
    }
}
