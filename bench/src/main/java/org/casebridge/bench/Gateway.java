package org.casebridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The gateway under test as its clients see it: where it listens, its process, and request helpers. */
final class Gateway {

    static final byte[] POST_MESSAGES = "POST /api/v1/messages".getBytes(StandardCharsets.US_ASCII);
    static final byte[] JSON_TYPE = "Content-Type: application/json\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] JWS_MEMBER = "\"jws\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final JsonScan PROBLEM = new JsonScan("code");

    final String host;
    final int port;
    final long pid;
    final ProcStats.Target target;
    final Tokens tokens;
    final int readTimeoutMillis;

    Gateway(String host, int port, long pid, java.nio.file.Path postgresPidFile, Tokens tokens, Duration readTimeout) {
        this.host = host;
        this.port = port;
        this.pid = pid;
        this.target = new ProcStats.Target(pid, postgresPidFile);
        this.tokens = tokens;
        this.readTimeoutMillis = (int) readTimeout.toMillis();
    }

    HttpConnection connect() {
        return new HttpConnection(host, port, readTimeoutMillis);
    }

    /** POST /api/v1/messages with a JSON body. */
    static int submit(HttpConnection c, Tokens.Token token, byte[] body, int length) throws IOException {
        return c.begin(POST_MESSAGES).headerLine(token.authorizationLine()).headerLine(JSON_TYPE).send(body, 0, length);
    }

    /** "HTTP 503 STORE_UNAVAILABLE": the status and the problem's stable code, if any. */
    static String describe(HttpConnection c) {
        String[] code = {null};
        try {
            PROBLEM.scan(c.body(), c.bodyLength(), (path, value) -> code[0] = value);
        } catch (RuntimeException e) {
            // not a problem document
        }
        return "HTTP " + c.status() + (code[0] == null ? "" : " " + code[0]);
    }

    /** Whether the gateway process is still there (a crash must not look like slowness). */
    boolean alive() {
        return pid <= 0 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Waits until the gateway's own CPU falls to its idle level: the asynchronous work a phase left
     * behind (outbox relay, broker, deliveries, audit sealing) finished, so the next phase does not
     * pay for it. Returns the seconds waited.
     */
    double settle(double idleCores, Duration max) throws InterruptedException {
        if (pid <= 0) {
            return 0;
        }
        long begin = System.nanoTime();
        long deadline = begin + max.toNanos();
        double threshold = Math.max(0.15, idleCores * 2 + 0.05);
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            long t0 = ProcStats.cpuTicks(pid) + childTicks();
            long w0 = System.nanoTime();
            Thread.sleep(500);
            long t1 = ProcStats.cpuTicks(pid) + childTicks();
            double cores = (t1 - t0) / (double) ProcStats.clockTicks / ((System.nanoTime() - w0) / 1e9);
            quiet = cores < threshold ? quiet + 1 : 0;
            if (quiet >= 2) {
                break;
            }
        }
        return (System.nanoTime() - begin) / 1e9;
    }

    /** The gateway's CPU when nothing is asked of it (its schedulers: audit sealing, outbox polling). */
    double idleCores(Duration over) throws InterruptedException {
        if (pid <= 0) {
            return 0;
        }
        long t0 = ProcStats.cpuTicks(pid) + childTicks();
        long w0 = System.nanoTime();
        Thread.sleep(over.toMillis());
        long t1 = ProcStats.cpuTicks(pid) + childTicks();
        return (t1 - t0) / (double) ProcStats.clockTicks / ((System.nanoTime() - w0) / 1e9);
    }

    private long childTicks() {
        long sum = 0;
        for (long child : ProcStats.postgresProcesses(target.postgresPidFile())) {
            long t = ProcStats.cpuTicks(child);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }
}
