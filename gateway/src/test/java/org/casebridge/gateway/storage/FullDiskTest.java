package org.casebridge.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.storage.StorageProbes.assertFault;
import static org.casebridge.gateway.storage.StorageProbes.assertRefused;
import static org.casebridge.gateway.storage.StorageProbes.readiness;
import static org.casebridge.gateway.storage.StorageProbes.soapSubmit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A real full disk: the attachment store on a 64 MB tmpfs. An upload that runs out of disk is
 * refused with STORAGE_FULL and leaves no partial file; below the watermark uploads and
 * submissions are refused before the disk is exhausted and the node is not ready; once space is
 * freed, intake works again. Needs root (mount), as the CI has.
 */
class FullDiskTest {

    private static final long MB = 1024 * 1024;
    private static final String CHECK_INTERVAL_MS = "3000";

    @TempDir
    static Path work;
    static Path volume;
    static RunningGateway gateway;
    static AgencyRest amr;

    @BeforeAll
    static void start() throws Exception {
        volume = Files.createDirectories(work.resolve("attachment-volume"));
        run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", volume.toString());
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        gateway = RunningGateway.start(work.resolve("data"), agencies, Map.of(
                "casebridge.attachments.dir", volume.toString(),
                "casebridge.storage.min-free-space", "8MB",
                "casebridge.storage.check-interval", CHECK_INTERVAL_MS + "ms"));
        amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            run("umount", volume.toString());
        }
    }

    @Test
    void intakeRefusesWhatTheDiskCannotHoldAndRecoversWhenSpaceIsFreed() throws Exception {
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        assertThat(readiness(gateway.baseUrl())).isEqualTo(200);
        var accepted = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-disk-1", "hohhot-amr-m-disk-1"));
        AgencyRest.Response first = amr.submit(accepted);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        // 20 MB left, above the 8 MB watermark: a 21 MB upload is let in and the disk runs out under it.
        Path filler = volume.resolve("filler");
        fill(filler, usable() - 20 * MB);
        Thread.sleep(Long.parseLong(CHECK_INTERVAL_MS) + 200);
        Path big = random(work.resolve("big.bin"), 21 * MB);
        AgencyRest.Response midway = amr.upload(big, "application/octet-stream");
        assertRefused(midway, 507, "STORAGE_FULL");
        System.out.printf("upload of 21 MB with 20 MB free: %d %s; Retry-After %s%n", midway.status(),
                midway.json().path("code").asString(), midway.header("Retry-After"));
        assertThat(partialFiles()).as("partial upload files").isEmpty();
        assertThat(amr.download(AgencyRest.sha256Hex(big)).statusCode()).isEqualTo(404);
        assertThat(database.sql("SELECT count(*) FROM attachment WHERE sha256 = ?").param(AgencyRest.sha256Hex(big))
                .query(Integer.class).single()).isZero();
        assertThat(usable()).as("the partial file's space is given back").isGreaterThan(19 * MB);

        // 6 MB left, below the watermark but not exhausted: refused before anything is written.
        fill(volume.resolve("filler-2"), usable() - 6 * MB);
        Thread.sleep(Long.parseLong(CHECK_INTERVAL_MS) + 200);
        long before = usable();
        Path small = random(work.resolve("small.bin"), 4096);
        assertRefused(amr.upload(small, "application/octet-stream"), 507, "STORAGE_FULL");
        AgencyRest.Response submission = amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-disk-2", "hohhot-amr-m-disk-2")));
        assertRefused(submission, 507, "STORAGE_FULL");
        var soap = soapSubmit(gateway.baseUrl(), amr, Messages.toModel(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-disk-3", "hohhot-amr-m-disk-3"))));
        assertFault(soap, 507, "STORAGE_FULL");
        System.out.printf("with %d MB free (watermark 8 MB): upload, REST and SOAP submissions answered 507 STORAGE_FULL%n", before / MB);
        assertThat(usable()).as("nothing written").isEqualTo(before);
        assertThat(before).as("refused before the disk is exhausted").isGreaterThan(5 * MB);
        assertThat(database.sql("SELECT count(*) FROM message WHERE message_id IN ('hohhot-amr-m-disk-2', 'hohhot-amr-m-disk-3')").query(Integer.class).single()).isZero();
        // A repeat needs no room: it is answered with its original receipt.
        AgencyRest.Response repeat = amr.submit(accepted);
        assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
        assertThat(readiness(gateway.baseUrl())).as("readiness while the disk is below the watermark").isEqualTo(503);

        Files.delete(filler);
        Files.delete(volume.resolve("filler-2"));
        Thread.sleep(Long.parseLong(CHECK_INTERVAL_MS) + 200);
        assertThat(readiness(gateway.baseUrl())).as("readiness once space is freed").isEqualTo(200);
        assertThat(amr.upload(small, "application/octet-stream").status()).isEqualTo(201);
        assertThat(amr.upload(big, "application/octet-stream").status()).isEqualTo(201);
        AgencyRest.Response after = amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-disk-2", "hohhot-amr-m-disk-2")));
        assertThat(after.status()).as(after.toString()).isEqualTo(201);
        assertThat(soapSubmit(gateway.baseUrl(), amr, Messages.toModel(Messages.withoutAttachments(
                Messages.referral("hohhot-amr-h-disk-3", "hohhot-amr-m-disk-3")))).statusCode()).isEqualTo(200);
    }

    private static long usable() throws IOException {
        return Files.getFileStore(volume).getUsableSpace();
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[(int) MB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        }
    }

    private static Path random(Path file, long bytes) throws IOException {
        byte[] block = new byte[(int) Math.min(bytes, MB)];
        Random random = new Random(bytes);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        }
        return file;
    }

    private static java.util.List<Path> partialFiles() throws IOException {
        try (Stream<Path> files = Files.list(volume.resolve("incoming"))) {
            return files.toList();
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
