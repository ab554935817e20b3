package org.casebridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * intake-2k / intake-200k: transfers submitted over REST, each answered 201 with the signed
 * transport receipt. A closed loop finds the throughput at N connections; an open loop at a
 * fraction of it (half by default) measures latency at a load the gateway can carry.
 */
final class IntakeScenario {

    private final Gateway gateway;
    private final Settings settings;
    private final double idleCores;

    IntakeScenario(Gateway gateway, Settings settings, double idleCores) {
        this.gateway = gateway;
        this.settings = settings;
        this.idleCores = idleCores;
    }

    /** @return the rows it produced (closed, open) */
    List<Result> run(String name, int payloadBytes) throws Exception {
        List<Payloads.Template> templates = new ArrayList<>();
        for (int i = 0; i < Payloads.PAIRS.size(); i++) {
            templates.add(Payloads.transfer(Payloads.PAIRS.get(i), i, payloadBytes, settings.runTag() + "-" + name, List.of()));
        }
        for (Payloads.Template t : templates) {
            gateway.tokens.of(t.pair.sender());
        }
        AtomicLong counter = new AtomicLong();
        int size = templates.getFirst().size();
        List<Result> rows = new ArrayList<>();

        Result closed = new Result(name, "closed", "gateway", "REST submissions of " + size
                + "-byte transfers, " + settings.concurrency() + " connections back to back; 201 + signed receipt each");
        ReceiptVerifier closedSamples = new ReceiptVerifier(settings.sampleLimit(), 0.02);
        List<HttpConnection> connections = new ArrayList<>();
        Loops.Outcome c = Loops.closed(settings.concurrency(),
                i -> submitter(templates.get(i % templates.size()), counter, closedSamples, closed, connections),
                settings.warmup(), settings.duration(), settings.count(), gateway.target, closed);
        finish(closed, c, size, closedSamples, connections);
        closed.extra("backgroundDrainSeconds", Result.round(gateway.settle(idleCores, settings.settleMax()), 1));
        closed.write(settings.out(), settings.nextSequence());
        rows.add(closed);

        double rate = c.perSecond() * settings.openFraction();
        if (rate <= 0) {
            closed.note("no throughput measured: the open loop is skipped");
            return rows;
        }
        Result open = new Result(name, "open", "gateway", String.format(
                "the same submissions at a fixed %.1f/s (%.0f %% of the closed loop's throughput), latency from each intended send time",
                rate, settings.openFraction() * 100));
        ReceiptVerifier openSamples = new ReceiptVerifier(settings.sampleLimit(), 0.02);
        List<HttpConnection> openConnections = new ArrayList<>();
        Loops.Outcome o = Loops.open(settings.concurrency(),
                i -> submitter(templates.get(i % templates.size()), counter, openSamples, open, openConnections),
                rate, settings.openDuration(), gateway.target, open);
        open.extra("targetPerSecond", Result.round(rate, 2));
        open.extra("issued", o.issued());
        if (o.completed() < o.issued()) {
            open.note((o.issued() - o.completed()) + " of " + o.issued() + " requests due in the window failed");
        }
        finish(open, o, size, openSamples, openConnections);
        open.extra("backgroundDrainSeconds", Result.round(gateway.settle(idleCores, settings.settleMax()), 1));
        open.write(settings.out(), settings.nextSequence());
        rows.add(open);
        return rows;
    }

    private void finish(Result row, Loops.Outcome outcome, int size, ReceiptVerifier samples, List<HttpConnection> connections)
            throws Exception {
        row.put("payloadBytes", size).put("concurrency", settings.concurrency());
        row.throughput(outcome.completed(), outcome.seconds()).latency(outcome.latency()).usage(outcome.usage(), false);
        long connects = 0;
        synchronized (connections) {
            for (HttpConnection c : connections) {
                connects += c.connects;
            }
        }
        row.extra("connectionsOpened", connects);
        try (HttpConnection c = gateway.connect()) {
            samples.verifyAll(c, row);
        }
        if (!gateway.alive()) {
            row.fail("the gateway process exited");
        }
        if (row.fields.get("count") instanceof Long n && n == 0) {
            row.fail("nothing completed in the measured window");
        }
    }

    private Loops.Op submitter(Payloads.Template template, AtomicLong counter, ReceiptVerifier samples, Result result,
            List<HttpConnection> connections) {
        HttpConnection connection = gateway.connect();
        synchronized (connections) {
            connections.add(connection);
        }
        byte[] body = template.copy();
        Tokens.Token token = gateway.tokens.of(template.pair.sender());
        return new Loops.Op() {
            @Override
            public long run(long due) throws Exception {
                long n = counter.getAndIncrement();
                template.patch(body, n);
                int status = Gateway.submit(connection, token, body, body.length);
                long done = System.nanoTime();
                if (status != 201) {
                    result.fail(Gateway.describe(connection));
                    return Loops.FAILED;
                }
                if (!connection.bodyContains(Gateway.JWS_MEMBER)) {
                    result.fail("201 without a jws");
                    return Loops.FAILED;
                }
                if (samples.wantSample()) {
                    samples.add(ReceiptVerifier.fromSignedBody(connection.body(), connection.bodyLength(), template.messageId(n)));
                }
                return done;
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
