package org.casebridge.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.receipts.SignatureCheck;
import org.casebridge.gateway.tracking.ClockViews.ClockView;
import org.casebridge.gateway.tracking.HandoffViews;
import org.casebridge.gateway.tracking.HandoffViews.HandoffDetail;
import org.casebridge.gateway.tracking.HandoffViews.HandoffPage;
import org.casebridge.gateway.tracking.HandoffViews.MessageView;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * One handoff: where it stands, its timeline with signatures checked live, its clocks and
 * attachments, and the steps the viewer may take. Every view is an audited read; a handoff the
 * viewer may not read is answered exactly like one that does not exist.
 */
@Controller
@RequestMapping("/console/handoffs/{handoffId}")
class HandoffPageController {

    private final HandoffViews views;
    private final Timeline timeline;
    private final TimelineSignatures signatures;
    private final HandoffActions actions;
    private final AccessPolicy access;
    private final CallerContext callers;
    private final MessageSource messages;
    private final ConsolePage header;

    HandoffPageController(HandoffViews views, Timeline timeline, TimelineSignatures signatures, HandoffActions actions,
            AccessPolicy access, CallerContext callers, MessageSource messages, ConsolePage header) {
        this.header = header;
        this.views = views;
        this.timeline = timeline;
        this.signatures = signatures;
        this.actions = actions;
        this.access = access;
        this.callers = callers;
        this.messages = messages;
    }

    @GetMapping
    String page(@PathVariable String handoffId, @RequestParam(required = false) String done, Model model, Locale locale) {
        fill(model, callers.current(), handoffId, locale);
        ConsoleAction.of(done == null ? "" : done).ifPresent(action -> model.addAttribute("actionDone", action.slug()));
        return "console/handoff";
    }

    /**
     * The parts that change as the handoff moves: state, steps, timeline, clocks (refreshed on live
     * events). The timeline comes with its signatures checked now: a lazy check from inside a
     * fragment that the next event may replace would land in the discarded copy.
     */
    @GetMapping("/live")
    String live(@PathVariable String handoffId, Model model, Locale locale) {
        List<Timeline.Item> items = fill(model, callers.current(), handoffId, locale);
        Map<String, SignatureCheck.Verification> verified = new HashMap<>();
        signatures.of(handoffId).forEach(c -> verified.put(c.signatureId(), c.verification()));
        model.addAttribute("verified", verified);
        model.addAttribute("allVerified", items.stream().allMatch(item -> verified.containsKey(item.signatureId())));
        return "console/handoff :: live";
    }

    /** Every signature of the timeline, checked now; swapped into the page's badges out of band. */
    @GetMapping("/signatures")
    String signatures(@PathVariable String handoffId, Model model) {
        access.requireHandoffRead(callers.current(), handoffId);
        model.addAttribute("checked", signatures.of(handoffId));
        return "console/handoff-signatures";
    }

    @PostMapping("/actions/{action}")
    String act(@PathVariable String handoffId, @PathVariable("action") String slug,
            @RequestParam(required = false) String missingItems, @RequestParam(required = false) String caseNumber,
            @RequestParam(required = false) String reasons, @RequestParam(required = false) String dispatch,
            Model model, Locale locale, HttpServletResponse response) {
        Caller caller = callers.current();
        ConsoleAction action = ConsoleAction.of(slug)
                .orElseThrow(() -> new GatewayRejection(Reason.NOT_FOUND, "no step " + slug));
        HandoffDetail handoff = views.detail(caller, handoffId);
        ActionInput input = ActionInput.of(missingItems, caseNumber, reasons);
        Optional<String> missing = missingInput(action, input, dispatch);
        if (missing.isPresent()) {
            return refused(model, response, caller, handoffId, locale, 400, null,
                    messages.getMessage("handoff.action.missing." + missing.get(), null, locale));
        }
        try {
            actions.take(caller, handoff, action, input, dispatch);
        } catch (GatewayRejection refusal) {
            return refused(model, response, caller, handoffId, locale, status(refusal), refusal.code(), refusal.detail());
        }
        return "redirect:/console/handoffs/" + URLEncoder.encode(handoffId, StandardCharsets.UTF_8) + "?done=" + action.slug()
                + "#action-result";
    }

    /** A handoff the viewer may not read, or none at all: the same page either way. */
    @ExceptionHandler(GatewayRejection.class)
    String rejected(GatewayRejection rejection, Model model, HttpServletResponse response) {
        response.setStatus(status(rejection));
        // Exception handlers get a fresh model, without what the advice adds for the layout.
        header.header(model);
        model.addAttribute("rejection", rejection);
        return "console/handoff-missing";
    }

    private String refused(Model model, HttpServletResponse response, Caller caller, String handoffId, Locale locale,
            int status, String code, String text) {
        fill(model, caller, handoffId, locale);
        model.addAttribute("actionRefusal", text);
        model.addAttribute("actionRefusalCode", code);
        response.setStatus(status);
        return "console/handoff";
    }

    /**
     * The REST status of the refusal, except that a message type the viewer's agency may not send
     * is, for a person in front of a button, simply not theirs to do.
     */
    private static int status(GatewayRejection refusal) {
        return refusal.reason() == Reason.TYPE_NOT_ALLOWED ? 403 : refusal.reason().httpStatus();
    }

    private static Optional<String> missingInput(ConsoleAction action, ActionInput input, String dispatch) {
        return switch (action) {
            case ACKNOWLEDGE -> dispatch == null || dispatch.isBlank() ? Optional.of("dispatch") : Optional.empty();
            case REQUEST_SUPPLEMENT -> input.missingItems().isEmpty() ? Optional.of("missingItems") : Optional.empty();
            case DECIDE_REGISTER -> input.caseNumber() == null ? Optional.of("caseNumber") : Optional.empty();
            case DECIDE_REFUSE, ESCALATE -> input.reasons() == null ? Optional.of("reasons") : Optional.empty();
        };
    }

    /** Fills the page's model; returns the timeline, whose signatures a caller may check. */
    private List<Timeline.Item> fill(Model model, Caller caller, String handoffId, Locale locale) {
        HandoffPage page = views.page(caller, handoffId);
        HandoffDetail handoff = page.detail();
        List<Timeline.Item> items = timeline.of(handoff);
        model.addAttribute("handoff", handoff);
        model.addAttribute("timeline", items);
        model.addAttribute("clocks", page.clocks().stream().map(c -> clockRow(c, locale)).toList());
        model.addAttribute("attachments", attachments(handoff));
        model.addAttribute("open", actions.open(caller, handoff));
        model.addAttribute("english", "en".equals(locale.getLanguage()));
        return items;
    }

    /**
     * A clock as the table shows it.
     *
     * @param level the latest warning fired, NONE before the first
     */
    public record ClockRow(String clock, String name, String legalBasis, String responsible, String state, Instant startedAt,
            Instant dueAt, String remaining, boolean overdue, String level) {
    }

    private ClockRow clockRow(ClockView view, Locale locale) {
        String name = view.name() == null ? view.clock() : "en".equals(locale.getLanguage()) ? view.name().en() : view.name().zh();
        String basis = view.legalBasis() == null ? "" : join(view.legalBasis().instrument(), view.legalBasis().article());
        return new ClockRow(view.clock(), name, basis, view.responsible(), view.state(), view.startedAt(), view.dueAt(),
                HandoffFormats.remaining(view.remainingSeconds(), messages, locale),
                view.remainingSeconds() != null && view.remainingSeconds() < 0,
                view.warningLevel() == null ? "NONE" : view.warningLevel());
    }

    private static String join(String instrument, String article) {
        return article == null || article.isBlank() ? instrument : instrument + " " + article;
    }

    /** An attachment, with the message that brought it. */
    public record AttachmentRow(String name, String mediaType, long size, String readableSize, String sha256, String messageId) {
    }

    private static List<AttachmentRow> attachments(HandoffDetail handoff) {
        List<AttachmentRow> rows = new ArrayList<>();
        for (MessageView message : handoff.messages()) {
            for (ArchivedMessage.AttachmentLink link : message.attachments()) {
                rows.add(new AttachmentRow(link.name(), link.mediaType(), link.size(), HandoffFormats.size(link.size()),
                        link.sha256(), message.messageId()));
            }
        }
        return rows;
    }
}
