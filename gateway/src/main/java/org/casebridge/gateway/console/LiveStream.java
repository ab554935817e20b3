package org.casebridge.gateway.console;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.casebridge.gateway.access.ReadScope;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One browser's event stream. Events queue here and a virtual thread of its own writes them, so a
 * slow browser delays nobody else; when nothing happens it writes a comment now and then, so that
 * proxies keep the connection open.
 *
 * @param handoffId the one handoff this stream follows, or null for every handoff the viewer may read
 */
final class LiveStream {

    /** A browser that falls this far behind is dropped; its EventSource reconnects. */
    private static final int MAX_QUEUED = 500;

    record Event(String name, String data) {
    }

    private final SseEmitter emitter;
    private final ReadScope scope;
    private final Locale locale;
    private final String handoffId;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Runnable onClose;
    private volatile boolean open = true;

    LiveStream(SseEmitter emitter, ReadScope scope, Locale locale, String handoffId, Runnable onClose) {
        this.emitter = emitter;
        this.scope = scope;
        this.locale = locale;
        this.handoffId = handoffId;
        this.onClose = onClose;
    }

    ReadScope scope() {
        return scope;
    }

    Locale locale() {
        return locale;
    }

    boolean follows(String handoff) {
        return handoffId == null || handoffId.equals(handoff);
    }

    void offer(Event event) {
        if (open && !queue.offer(event)) {
            close();
        }
    }

    void start(Duration heartbeat, long reconnectMillis) {
        Thread.ofVirtual().name("console-events").start(() -> write(heartbeat, reconnectMillis));
    }

    private void write(Duration heartbeat, long reconnectMillis) {
        try {
            emitter.send(SseEmitter.event().reconnectTime(reconnectMillis).comment("connected"));
            while (open) {
                Event event = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (!open) {
                    break;
                }
                if (event == null) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } else {
                    emitter.send(SseEmitter.event().name(event.name()).data(event.data()));
                }
            }
        } catch (IOException | IllegalStateException e) {
            // the browser went away, or the emitter completed: nothing to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Ends the stream; safe to call more than once and from any thread. */
    void close() {
        if (open) {
            open = false;
            queue.clear();
            queue.offer(new Event("", "")); // wakes the writer so it sees the stream is closed
            onClose.run();
            try {
                emitter.complete();
            } catch (IllegalStateException ignored) {
                // already completed
            }
        }
    }
}
