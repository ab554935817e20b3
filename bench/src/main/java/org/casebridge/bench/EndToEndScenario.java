package org.casebridge.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * e2e-2k / e2e-200k: a handoff from submission to the sender holding the police's signed delivery
 * receipt. Agencies of three regions submit transfers to their police, copied to their
 * procuratorate; every agency collects its inbox over REST ({@code GET /api/v1/inbox}) and
 * acknowledges each dispatch ({@code POST /api/v1/inbox/{id}/ack}). The police's acknowledgement
 * makes the gateway sign a delivery receipt and route it to the sender (a PULL agency), whose
 * collector finds it in its own inbox: that moment ends the handoff's latency. Copies and their
 * receipts are collected and acknowledged too, so nothing piles up.
 *
 * <p>Closed loop: N handoffs in flight, each submitter sends its next transfer when the sender
 * saw the previous one's delivery receipt. Open loop: transfers at half that rate, latency from
 * the intended submission time.
 */
final class EndToEndScenario {

    private static final JsonScan INBOX = new JsonScan(
            "deliveries/[]/dispatchId",
            "deliveries/[]/kind",
            "deliveries/[]/deliveryReceipt/receipt/messageId",
            "deliveries/[]/deliveryReceipt/receipt/recipient",
            "deliveries/[]/deliveryReceipt/jws");

    private final Gateway gateway;
    private final Settings settings;
    private final double idleCores;

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> completed = ConcurrentHashMap.newKeySet();
    private final Latencies asyncLatencies = new Latencies();
    private final AtomicLong asyncCompleted = new AtomicLong();
    private final AtomicLong copyReceipts = new AtomicLong();
    private final AtomicLong foreignReceipts = new AtomicLong();
    private volatile Result current;
    private volatile ReceiptVerifier samples;
    private volatile long asyncWindowEnd = Long.MAX_VALUE;

    EndToEndScenario(Gateway gateway, Settings settings, double idleCores) {
        this.gateway = gateway;
        this.settings = settings;
        this.idleCores = idleCores;
    }

    private static final class Pending {
        final long start;
        final Thread waiter;
        volatile long done;

        Pending(long start, Thread waiter) {
            this.start = start;
            this.waiter = waiter;
        }
    }

    private enum Role { POLICE, PROSECUTOR, SENDER }

    /**
     * An empty inbox is asked again after the poll interval, then after twice as long each time,
     * up to this: an empty poll is not free for the gateway (authentication, a query, the rate
     * limiter), and nine idle agencies polling every 50 ms would load it more than the handoffs.
     */
    static final long MAX_POLL_WAIT_MS = 400;

    List<Result> run(String name, int payloadBytes) throws Exception {
        List<Payloads.Template> templates = new ArrayList<>();
        for (int i = 0; i < Payloads.PAIRS.size(); i++) {
            templates.add(Payloads.transfer(Payloads.PAIRS.get(i), i, payloadBytes, settings.runTag() + "-" + name, List.of()));
        }
        int size = templates.getFirst().size();
        int page = (int) Math.max(5, Math.min(100, (4L << 20) / size));
        List<Collector> collectors = new ArrayList<>();
        for (Payloads.Pair pair : Payloads.PAIRS) {
            collectors.add(new Collector(pair.police(), Role.POLICE, page));
            collectors.add(new Collector(pair.prosecutor(), Role.PROSECUTOR, page));
            collectors.add(new Collector(pair.sender(), Role.SENDER, 100));
        }
        List<Result> rows = new ArrayList<>();
        AtomicLong counter = new AtomicLong();
        Result closed = new Result(name, "closed", "gateway", String.format(
                "handoffs of %d-byte transfers, %d in flight: submit, police pull + ack, sender pulls the signed delivery receipt",
                size, settings.concurrency()));
        current = closed;
        samples = new ReceiptVerifier(settings.sampleLimit(), 0.05);
        List<Thread> threads = new ArrayList<>();
        try {
            for (Collector c : collectors) {
                threads.add(Thread.ofPlatform().name("inbox-" + c.agency).start(c));
            }
            long leftovers = drain(collectors, "before the run");
            if (leftovers > 0) {
                closed.note("collected and acknowledged " + leftovers + " dispatches left from earlier runs before starting");
            }

            Loops.Outcome c = Loops.closed(settings.concurrency(), i -> handoff(templates.get(i % templates.size()), counter, closed, false),
                    settings.warmup(), settings.duration(), settings.count(), gateway.target, closed);
            finish(closed, c.completed(), c.seconds(), c.latency(), c.usage(), size, page);
            drain(collectors, "after the closed loop");
            closed.extra("backgroundDrainSeconds", Result.round(gateway.settle(idleCores, settings.settleMax()), 1));
            closed.write(settings.out(), settings.nextSequence());
            rows.add(closed);

            double rate = c.perSecond() * settings.openFraction();
            if (rate <= 0) {
                closed.note("no handoff completed: the open loop is skipped");
                return rows;
            }
            Result open = new Result(name, "open", "gateway", String.format(
                    "the same handoffs started at a fixed %.1f/s (%.0f %% of the closed loop's), latency from each intended submission",
                    rate, settings.openFraction() * 100));
            current = open;
            samples = new ReceiptVerifier(settings.sampleLimit(), 0.05);
            copyReceipts.set(0);
            foreignReceipts.set(0);
            asyncCompleted.set(0);
            Loops.Outcome o = Loops.open(settings.concurrency(), i -> handoff(templates.get(i % templates.size()), counter, open, true),
                    rate, settings.openDuration(), gateway.target, open);
            long waitUntil = System.nanoTime() + settings.handoffTimeout().toNanos();
            while (!pending.isEmpty() && System.nanoTime() < waitUntil && gateway.alive()) {
                Thread.sleep(20);
            }
            asyncWindowEnd = System.nanoTime();
            if (!pending.isEmpty()) {
                open.fail("handoff not completed within " + settings.handoffTimeout().toSeconds() + " s after the load");
                for (int i = 1; i < pending.size(); i++) {
                    open.fail("handoff not completed within " + settings.handoffTimeout().toSeconds() + " s after the load");
                }
                pending.clear();
            }
            Latencies.Summary latency;
            synchronized (asyncLatencies) {
                latency = Latencies.summarize(List.of(asyncLatencies));
            }
            open.extra("targetPerSecond", Result.round(rate, 2));
            open.extra("submitted", o.issued());
            finish(open, asyncCompleted.get(), o.seconds(), latency, o.usage(), size, page);
            drain(collectors, "after the open loop");
            open.extra("backgroundDrainSeconds", Result.round(gateway.settle(idleCores, settings.settleMax()), 1));
            open.write(settings.out(), settings.nextSequence());
            rows.add(open);
            return rows;
        } finally {
            for (Collector c : collectors) {
                c.running = false;
            }
            for (Thread t : threads) {
                t.join(30_000);
            }
            for (Collector c : collectors) {
                c.close();
            }
        }
    }

    private void finish(Result row, long completedHandoffs, double seconds, Latencies.Summary latency, ProcStats.Usage usage,
            int size, int page) throws IOException {
        row.put("payloadBytes", size).put("concurrency", settings.concurrency());
        row.throughput(completedHandoffs, seconds).latency(latency).usage(usage, false);
        row.extra("pollIntervalMs", settings.pollInterval().toMillis());
        row.extra("inboxPage", page);
        row.extra("copyReceiptsSeen", copyReceipts.get());
        row.extra("receiptsOfEarlierRuns", foreignReceipts.get());
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

    /** Waits until every inbox is empty; returns the dispatches collected meanwhile. */
    private long drain(List<Collector> collectors, String when) throws InterruptedException {
        long before = collectors.stream().mapToLong(c -> c.acknowledged.get()).sum();
        long deadline = System.nanoTime() + settings.settleMax().toNanos();
        for (Collector c : collectors) {
            c.emptySince.set(0);
        }
        while (System.nanoTime() < deadline) {
            boolean allEmpty = true;
            for (Collector c : collectors) {
                if (c.emptySince.get() < 2) {
                    allEmpty = false;
                    break;
                }
            }
            if (allEmpty) {
                break;
            }
            Thread.sleep(20);
        }
        long after = collectors.stream().mapToLong(c -> c.acknowledged.get()).sum();
        if (System.nanoTime() >= deadline) {
            current.note("inboxes still not empty " + settings.settleMax().toSeconds() + " s " + when);
        }
        return after - before;
    }

    private Loops.Op handoff(Payloads.Template template, AtomicLong counter, Result result, boolean async) {
        HttpConnection connection = gateway.connect();
        byte[] body = template.copy();
        Tokens.Token token = gateway.tokens.of(template.pair.sender());
        return new Loops.Op() {
            @Override
            public long run(long due) throws Exception {
                long n = counter.getAndIncrement();
                template.patch(body, n);
                String messageId = template.messageId(n);
                Pending p = new Pending(async ? due : System.nanoTime(), async ? null : Thread.currentThread());
                pending.put(messageId, p);
                int status;
                try {
                    status = Gateway.submit(connection, token, body, body.length);
                } catch (IOException e) {
                    pending.remove(messageId);
                    throw e;
                }
                if (status != 201 || !connection.bodyContains(Gateway.JWS_MEMBER)) {
                    pending.remove(messageId);
                    result.fail(status != 201 ? "submit " + Gateway.describe(connection) : "201 without a jws");
                    return Loops.FAILED;
                }
                if (async) {
                    return Loops.ASYNC;
                }
                long deadline = System.nanoTime() + settings.handoffTimeout().toNanos();
                while (p.done == 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        pending.remove(messageId);
                        result.fail("handoff not completed within " + settings.handoffTimeout().toSeconds() + " s");
                        return Loops.FAILED;
                    }
                    LockSupport.parkNanos(this, Math.min(left, 50_000_000L));
                }
                return p.done;
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    /** The sender found a delivery receipt in its inbox. */
    private void receiptSeen(String messageId, String recipient, String jws, long now) {
        if (recipient != null && recipient.endsWith("-procuratorate")) {
            copyReceipts.incrementAndGet();
            return;
        }
        Pending p = messageId == null ? null : pending.remove(messageId);
        if (p == null) {
            if (messageId != null && completed.contains(messageId)) {
                current.fail("a second delivery receipt from the police for one message");
            } else {
                foreignReceipts.incrementAndGet();
            }
            return;
        }
        completed.add(messageId);
        ReceiptVerifier s = samples;
        if (jws != null && s.wantSample()) {
            s.add(new ReceiptVerifier.Sample(null, jws, messageId));
        }
        if (p.waiter == null) {
            if (now <= asyncWindowEnd) {
                synchronized (asyncLatencies) {
                    asyncLatencies.add(now - p.start);
                }
                asyncCompleted.incrementAndGet();
            }
        } else {
            p.done = now;
            LockSupport.unpark(p.waiter);
        }
    }

    /** One agency's system: collects its inbox and acknowledges everything in it, over a few connections. */
    private final class Collector implements Runnable {
        final String agency;
        final Role role;
        final int page;
        final HttpConnection poll;
        final List<HttpConnection> ackConnections = new ArrayList<>();
        final ExecutorService ackPool;
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong emptySince = new AtomicLong();
        volatile boolean running = true;
        private final byte[] inboxRequest;

        Collector(String agency, Role role, int page) {
            this.agency = agency;
            this.role = role;
            this.page = page;
            this.poll = gateway.connect();
            for (int i = 0; i < settings.ackConnections(); i++) {
                ackConnections.add(gateway.connect());
            }
            this.ackPool = Executors.newFixedThreadPool(settings.ackConnections(), r -> Thread.ofPlatform().daemon()
                    .name("ack-" + agency).unstarted(r));
            this.inboxRequest = ("GET /api/v1/inbox?max=" + page).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        @Override
        public void run() {
            Tokens.Token token = gateway.tokens.of(agency);
            List<String> ids = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            String[] receipt = new String[3];
            long wait = settings.pollInterval().toMillis();
            while (running) {
                try {
                    int status = poll.begin(inboxRequest).headerLine(token.authorizationLine()).send();
                    if (status != 200) {
                        current.fail("inbox " + Gateway.describe(poll));
                        Thread.sleep(200);
                        continue;
                    }
                    long now = System.nanoTime();
                    ids.clear();
                    kinds.clear();
                    INBOX.scan(poll.body(), poll.bodyLength(), (path, value) -> {
                        switch (path) {
                            case 0 -> {
                                flushReceipt(receipt, now);
                                ids.add(value);
                            }
                            case 1 -> kinds.add(value);
                            case 2 -> receipt[0] = value;
                            case 3 -> receipt[1] = value;
                            case 4 -> receipt[2] = value;
                            default -> {
                            }
                        }
                    });
                    flushReceipt(receipt, now);
                    if (ids.isEmpty()) {
                        emptySince.incrementAndGet();
                        Thread.sleep(wait);
                        wait = Math.min(MAX_POLL_WAIT_MS, wait * 2);
                        continue;
                    }
                    emptySince.set(0);
                    wait = settings.pollInterval().toMillis();
                    acknowledge(token, ids);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (running) {
                        current.fail("inbox of " + role.name().toLowerCase() + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }
        }

        private void flushReceipt(String[] receipt, long now) {
            if (role == Role.SENDER && receipt[0] != null) {
                receiptSeen(receipt[0], receipt[1], receipt[2], now);
            }
            receipt[0] = null;
            receipt[1] = null;
            receipt[2] = null;
        }

        private void acknowledge(Tokens.Token token, List<String> ids) throws Exception {
            int parts = Math.min(ackConnections.size(), ids.size());
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < parts; k++) {
                HttpConnection c = ackConnections.get(k);
                List<String> mine = new ArrayList<>();
                for (int i = k; i < ids.size(); i += parts) {
                    mine.add(ids.get(i));
                }
                futures.add(ackPool.submit(() -> {
                    for (String id : mine) {
                        int status = c.begin("POST /api/v1/inbox/" + id + "/ack").headerLine(token.authorizationLine()).send();
                        if (status != 200) {
                            current.fail("ack " + Gateway.describe(c));
                        } else {
                            acknowledged.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }

        void close() {
            ackPool.shutdownNow();
            poll.close();
            ackConnections.forEach(HttpConnection::close);
        }
    }

    static Duration pollDefault() {
        return Duration.ofMillis(50);
    }
}
