package org.casebridge.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * attachment-1g: an agency uploads a large attachment by stream ({@code POST /api/v1/attachments}
 * with its RFC 9530 Content-Digest), submits a transfer naming it, and the police download it
 * ({@code GET /api/v1/attachments/{sha256}}) and check its digest. The content is generated from a
 * seeded generator, twice (once for the digest the upload must declare, once while uploading) and
 * never held in memory; the download is hashed as it arrives. Run on a gateway restarted with a
 * small heap (-Xmx256m by default), so a copy of the content in memory would show.
 */
final class AttachmentScenario {

    private static final int BLOCK = 1 << 16;

    private final Gateway gateway;
    private final Settings settings;

    AttachmentScenario(Gateway gateway, Settings settings) {
        this.gateway = gateway;
        this.settings = settings;
    }

    /** Seeded bytes, the same sequence every time for one seed. */
    static final class SeededContent {
        private final long seed;
        private final long size;

        SeededContent(long seed, long size) {
            this.seed = seed;
            this.size = size;
        }

        void writeTo(OutputStream out) throws IOException {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] block = new byte[BLOCK];
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(BLOCK, left);
                fill(random, block, n);
                out.write(block, 0, n);
                left -= n;
            }
        }

        byte[] sha256() {
            MessageDigest digest = sha256Digest();
            try {
                writeTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // a null stream does not fail
            }
            return digest.digest();
        }

        private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

        private static void fill(SplittableRandom random, byte[] block, int n) {
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                LONGS.set(block, i, random.nextLong());
            }
            if (i < n) {
                long v = random.nextLong();
                for (int j = 0; i + j < n; j++) {
                    block[i + j] = (byte) (v >>> (8 * j));
                }
            }
        }
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Result> run(String name) throws Exception {
        long size = settings.attachmentSize();
        Payloads.Pair pair = Payloads.PAIRS.getFirst();
        Tokens.Token sender = gateway.tokens.of(pair.sender());
        Tokens.Token police = gateway.tokens.of(pair.police());
        SeededContent content = new SeededContent(System.nanoTime(), size);

        Result upload = new Result(name, "upload", "gateway", "one " + size + "-byte attachment uploaded by stream with "
                + "its Content-Digest, then a transfer naming it; gateway restarted with a small heap");
        Result download = new Result(name, "download", "gateway", "the police download it and check its SHA-256");

        long t0 = System.nanoTime();
        byte[] digest = content.sha256();
        double digestSeconds = (System.nanoTime() - t0) / 1e9;
        String hex = HexFormat.of().formatHex(digest);
        String base64 = Base64.getEncoder().encodeToString(digest);
        upload.extra("generatorDigestPassSeconds", Result.round(digestSeconds, 2));
        upload.extra("sha256", hex);

        // Upload: one request, timed from the first byte sent to the answer.
        ProcStats.Window uploadWindow = gateway.target.window();
        long uploadStart = System.nanoTime();
        int status;
        try (HttpConnection c = gateway.connect()) {
            status = c.begin("POST /api/v1/attachments").headerLine(sender.authorizationLine())
                    .header("Content-Type", "video/mp4").header("Content-Digest", "sha-256=:" + base64 + ":")
                    .sendStreaming(size, content::writeTo);
            long uploadEnd = System.nanoTime();
            ProcStats.Usage usage = uploadWindow.finish();
            double seconds = (uploadEnd - uploadStart) / 1e9;
            if (status != 201) {
                upload.fail("upload " + Gateway.describe(c));
            } else if (!c.bodyText().contains("\"sha256\":\"" + hex + "\"")) {
                upload.fail("upload answered with another digest: " + c.bodyText());
            }
            upload.put("payloadBytes", size).put("concurrency", 1);
            upload.throughput(status == 201 ? 1 : 0, seconds).latency(Latencies.Summary.of(new long[] {uploadEnd - uploadStart}))
                    .usage(usage, false);
            upload.put("megabytesPerSecond", Result.round(size / 1048576.0 / seconds, 1));
        }

        // The transfer naming it.
        Payloads.Template template = Payloads.transfer(pair, 0, 2048, settings.runTag() + "-" + name,
                List.of(new Payloads.AttachmentRef("bench-recording.mp4", "video/mp4", size, hex)));
        byte[] body = template.copy();
        template.patch(body, 1);
        try (HttpConnection c = gateway.connect()) {
            int s = Gateway.submit(c, sender, body, body.length);
            if (s != 201) {
                upload.fail("transfer naming the attachment: " + Gateway.describe(c));
            } else {
                ReceiptVerifier verifier = new ReceiptVerifier(1, 1);
                verifier.add(ReceiptVerifier.fromSignedBody(c.body(), c.bodyLength(), template.messageId(1)));
                if (!c.bodyText().contains(hex)) {
                    upload.fail("the transport receipt does not list the attachment's digest");
                }
                verifier.verifyAll(c, upload);
            }
        }

        // Download by the police (recipients of a message naming it may read it), hashed as it comes.
        MessageDigest received = sha256Digest();
        long[] bytes = {0};
        ProcStats.Window downloadWindow = gateway.target.window();
        long downloadStart = System.nanoTime();
        try (HttpConnection c = gateway.connect()) {
            status = c.begin("GET /api/v1/attachments/" + hex).headerLine(police.authorizationLine())
                    .sendAndStream((b, off, len) -> {
                        received.update(b, off, len);
                        bytes[0] += len;
                    });
            long downloadEnd = System.nanoTime();
            ProcStats.Usage usage = downloadWindow.finish();
            double seconds = (downloadEnd - downloadStart) / 1e9;
            if (status != 200) {
                download.fail("download " + Gateway.describe(c));
            } else {
                String got = HexFormat.of().formatHex(received.digest());
                if (bytes[0] != size) {
                    download.fail("downloaded " + bytes[0] + " bytes, not " + size);
                } else if (!got.equals(hex)) {
                    download.fail("downloaded content has SHA-256 " + got);
                }
                if (c.contentDigest() == null || !c.contentDigest().contains(base64)) {
                    download.fail("Content-Digest of the download is " + c.contentDigest());
                }
            }
            download.put("payloadBytes", size).put("concurrency", 1);
            download.throughput(status == 200 ? 1 : 0, seconds)
                    .latency(Latencies.Summary.of(new long[] {downloadEnd - downloadStart})).usage(usage, false);
            download.put("megabytesPerSecond", Result.round(size / 1048576.0 / seconds, 1));
        }
        if (!gateway.alive()) {
            download.fail("the gateway process exited");
        }
        upload.write(settings.out(), settings.nextSequence());
        download.write(settings.out(), settings.nextSequence());
        return List.of(upload, download);
    }
}
