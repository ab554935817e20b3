package org.casebridge.gateway.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * Counts the bytes of a body and the time spent waiting for them. A read that times out (the
 * connector's read timeout during a body is the grace period) or leaves the body below the
 * minimum rate cuts the request off and fails the read.
 */
final class RateCheckedInputStream extends ServletInputStream {

    private final ServletInputStream in;
    private final BodyRate rate;
    private final Runnable cutOff;
    private long bytes;
    private long waitedNanos;
    private boolean cut;

    RateCheckedInputStream(ServletInputStream in, BodyRate rate, Runnable cutOff) {
        this.in = in;
        this.rate = rate;
        this.cutOff = cutOff;
    }

    @Override
    public int read() throws IOException {
        long start = begin();
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw failed(e);
        }
        end(start, b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        long start = begin();
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
        end(start, Math.max(n, 0));
        return n;
    }

    private long begin() throws IOException {
        if (cut) {
            throw new SlowBodyException("the request body was cut off: it arrived too slowly");
        }
        return System.nanoTime();
    }

    private void end(long start, int read) throws IOException {
        bytes += read;
        waitedNanos += System.nanoTime() - start;
        if (rate.tooSlow(bytes, waitedNanos)) {
            cut();
            throw new SlowBodyException("the request body arrived slower than " + rate.bytesPerSecond()
                    + " bytes per second");
        }
    }

    private IOException failed(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                cut();
                return new SlowBodyException("the request body stalled");
            }
        }
        return e;
    }

    private void cut() {
        if (!cut) {
            cut = true;
            cutOff.run();
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The client sent its body too slowly. */
    static final class SlowBodyException extends IOException {

        SlowBodyException(String message) {
            super(message);
        }
    }
}
