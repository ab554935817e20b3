package org.casebridge.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays one handoff step by step on the gateway's adjustable clock: each message made from the
 * contract's examples, stamped with the moment it is sent, answering the one before it.
 */
public final class CaseScript {

    public static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    private final String handoffId;
    private final AdjustableClock clock;
    private String previous;

    public CaseScript(String handoffId, AdjustableClock clock) {
        this.handoffId = handoffId;
        this.clock = clock;
    }

    /** A moment given as Beijing local time, e.g. {@code 2026-03-02T09:00}. */
    public static Instant at(String beijingLocal) {
        return OffsetDateTime.parse(beijingLocal + ":00+08:00").toInstant();
    }

    public void setTime(Instant instant) {
        clock.advance(Duration.between(clock.instant(), instant));
    }

    /** Sends a message that must be new, and makes it the one the next step answers. */
    public void send(InProcessAgency from, ObjectNode message) {
        assertThat(from.submit(message).firstTime()).isTrue();
        previous = message.get("messageId").asString();
    }

    /** The transfer that opens the handoff, copied to the prosecutor as the example is. */
    public ObjectNode transfer(String messageId, Instant at) {
        return stamped(Messages.withoutAttachments(Messages.referral(handoffId, messageId)), at);
    }

    /** A message of the first steps (receipt, deficiency, supplement, decision) from its example. */
    public ObjectNode reply(String example, String messageId, String from, String to, Instant at, String... copies) {
        ObjectNode message = Messages.withoutAttachments(Messages.reply(example, handoffId, messageId, previous));
        address(message, from, to, copies);
        JsonNode decision = message.get("payload").get("decision");
        if (decision != null) {
            ((ObjectNode) decision).put("decidedAt", micros(at).atOffset(BEIJING).minusMinutes(5).toString());
        }
        return stamped(message, at);
    }

    /** A procedural step after the decision on registration, decided five minutes before it is sent. */
    public ObjectNode notice(String type, String messageId, String from, String to, Instant at, Consumer<ObjectNode> fill,
            String... copies) {
        ObjectNode message = Messages.reply("prosecution-acceptance", handoffId, messageId, previous);
        message.put("type", type);
        address(message, from, to, copies);
        ObjectNode notice = ((ObjectNode) message.get("payload")).putObject("notice");
        notice.put("decidedAt", micros(at).atOffset(BEIJING).minusMinutes(5).toString());
        fill.accept(notice);
        return stamped(message, at);
    }

    private static void address(ObjectNode message, String from, String to, String... copies) {
        message.putObject("sender").put("agency", from);
        message.putObject("recipient").put("agency", to);
        message.remove("copyTo");
        for (String copy : copies) {
            message.withArray("copyTo").addObject().put("agency", copy);
        }
    }

    private static ObjectNode stamped(ObjectNode message, Instant at) {
        return message.put("sentAt", micros(at).atOffset(BEIJING).toString());
    }

    /** Microseconds at most: the gateway keeps time no finer (intake's ValueLimits). */
    private static Instant micros(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
