package org.casebridge.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line answers before any evidence is judged; whole archives are verified in the gateway's tests. */
class MainTest {

    @TempDir
    Path work;

    @Test
    void wrongUsageAndUnreadableFilesExitWithTwo() throws IOException {
        assertThat(run()).startsWith("2 ").contains("name the evidence archive");
        assertThat(run("a.zip", "b.zip")).startsWith("2 ").contains("unexpected argument b.zip");
        assertThat(run("a.zip", "--trust")).startsWith("2 ").contains("--trust needs a file");
        assertThat(run(work.resolve("absent.zip").toString())).startsWith("2 ").contains("is not a readable zip archive");
        Path text = Files.writeString(work.resolve("text.zip"), "not a zip");
        assertThat(run(text.toString())).startsWith("2 ");
        Path zip = emptyZip();
        Path badTrust = Files.writeString(work.resolve("trust.json"), "{\"keys\": []}");
        assertThat(run(zip.toString(), "--trust", badTrust.toString())).startsWith("2 ").contains("holds no EC public key");
    }

    @Test
    void anArchiveWithoutAManifestFails() throws IOException {
        Path zip = emptyZip();
        Path jwks = Files.writeString(work.resolve("jwks.json"), new com.nimbusds.jose.jwk.JWKSet(
                generate()).toString());
        String output = run(zip.toString(), "--trust", jwks.toString());
        assertThat(output).startsWith("1 ").contains("FAIL  manifest signature: manifest.json is missing from the archive")
                .contains("RESULT: FAILED");
    }

    private static com.nimbusds.jose.jwk.JWK generate() {
        try {
            return new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyIDFromThumbprint(true)
                    .generate().toPublicJWK();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path emptyZip() throws IOException {
        Path zip = work.resolve("empty.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            entries.putNextEntry(new ZipEntry("handoff.json"));
            entries.write("{}".getBytes(StandardCharsets.UTF_8));
            entries.closeEntry();
        }
        return zip;
    }

    /** The exit code, a space, and what was printed. */
    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return code + " " + bytes.toString(StandardCharsets.UTF_8);
    }
}
