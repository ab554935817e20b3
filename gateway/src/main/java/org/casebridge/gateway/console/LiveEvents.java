package org.casebridge.gateway.console;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.casebridge.gateway.access.ReadScope;
import org.casebridge.gateway.archive.Handoff;
import org.casebridge.gateway.tracking.HandoffChange;
import org.casebridge.gateway.tracking.HandoffChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The browsers connected to this node, and the change feed fanned out to them: each notice goes to
 * the streams whose viewer may read its handoff, decided by the access rules on the handoff's
 * parties. Stops before the web server's graceful shutdown, which would otherwise wait on the
 * open streams.
 */
@Component
class LiveEvents implements SmartLifecycle {

    static final String HANDOFF_CHANGED = "handoff-changed";
    static final String WARNING_FIRED = "warning-fired";
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    private final HandoffChanges changes;
    private final HandoffVisibility visibility;
    private final WarningNoticeView notices;
    private final Duration heartbeat;
    private final Duration streamTimeout;
    private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
    private volatile AutoCloseable subscription;
    private volatile String contextPath = "";

    LiveEvents(HandoffChanges changes, HandoffVisibility visibility, WarningNoticeView notices,
            @Value("${casebridge.console.live.heartbeat:20s}") Duration heartbeat,
            @Value("${casebridge.console.live.stream-timeout:30m}") Duration streamTimeout) {
        this.changes = changes;
        this.visibility = visibility;
        this.notices = notices;
        this.heartbeat = heartbeat;
        this.streamTimeout = streamTimeout;
    }

    /** Opens a stream for a viewer; its scope and language are those at connect time. */
    SseEmitter open(ReadScope scope, Locale locale, String handoffId, String contextPath) {
        this.contextPath = contextPath;
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        LiveStream[] self = new LiveStream[1];
        LiveStream stream = new LiveStream(emitter, scope, locale, handoffId, () -> streams.remove(self[0]));
        self[0] = stream;
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(error -> stream.close());
        streams.add(stream);
        stream.start(heartbeat, 3000);
        return emitter;
    }

    int connected() {
        return streams.size();
    }

    private void dispatch(HandoffChange change) {
        if (streams.isEmpty()) {
            return;
        }
        Optional<Handoff> handoff = visibility.handoff(change.handoffId());
        if (handoff.isEmpty()) {
            return;
        }
        Map<Locale, LiveStream.Event> rendered = new HashMap<>();
        for (LiveStream stream : streams) {
            if (stream.follows(change.handoffId()) && visibility.covers(stream.scope(), handoff.get())) {
                stream.offer(rendered.computeIfAbsent(stream.locale(), locale -> event(change, handoff.get(), locale)));
            }
        }
    }

    private LiveStream.Event event(HandoffChange change, Handoff handoff, Locale locale) {
        return switch (change) {
            case HandoffChange.Changed changed -> new LiveStream.Event(HANDOFF_CHANGED, changed.handoffId());
            case HandoffChange.WarningFired warning ->
                    new LiveStream.Event(WARNING_FIRED, notices.render(warning, handoff, locale, contextPath));
        };
    }

    @Override
    public void start() {
        subscription = changes.subscribe(change -> {
            try {
                dispatch(change);
            } catch (RuntimeException e) {
                log.warn("Could not pass on {}", change, e);
            }
        });
    }

    @Override
    public void stop() {
        AutoCloseable current = subscription;
        subscription = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception ignored) {
                // removing a subscriber does not fail
            }
        }
        streams.forEach(LiveStream::close);
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }
}
