package org.casebridge.testkit.verify;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks what the gateway signed with tools the project did not write, the way an outsider would.
 *
 * <ul>
 *   <li>JSON: {@code node testkit/verifiers/verify-jws.mjs} on the npm packages {@code jose} (JWS ES256 against a JWKS)
 *       and {@code canonicalize} (RFC 8785 reference implementation), pinned in that folder's package-lock.json.</li>
 *   <li>XML: {@code xmlsec1 --verify} from the Debian package {@code xmlsec1} (OpenSSL back end).</li>
 * </ul>
 *
 * <p>A verdict is valid only when the tool itself says so. A missing tool, a tool that could not run, or one that
 * ran out of time raises {@link IllegalStateException}: nothing here ever reports success on its own.
 */
public final class IndependentVerifiers {

    private static final long TOOL_TIMEOUT_SECONDS = 60;
    private static final long NPM_CI_TIMEOUT_SECONDS = 300;
    private static final String PROPERTIES = "/org/casebridge/testkit/testkit.properties";
    private static final String SCRIPT = "verify-jws.mjs";
    private static final List<String> NPM_PACKAGES = List.of("jose", "canonicalize");

    private static final Object NPM_LOCK = new Object();
    private static volatile boolean npmReady;

    private IndependentVerifiers() {
    }

    /**
     * Verifies a signed JSON document {@code { "<name>": {...}, "jws": "<compact JWS>" }}: the ES256 signature with
     * the JWKS key of the header's kid, and that the payload is the RFC 8785 form of the {@code <name>} object.
     *
     * @param jwksJson   the gateway's JWKS, as published at {@code /.well-known/jwks.json}
     * @param signedJson the signed document
     * @param name       the member that holds the signed object ({@code receipt} or {@code message}); null lets the
     *                   script pick whichever of the two the document holds
     */
    public static Verdict verifyJws(byte[] jwksJson, byte[] signedJson, String name) {
        Path folder = verifiersFolder();
        String node = requireTool("node", "Node.js is missing: install the Debian packages nodejs and npm (apt-get install nodejs npm)");
        ensureNpmPackages(folder);
        Path temp = createTempDir();
        try {
            Path jwks = write(temp.resolve("jwks.json"), jwksJson);
            Path signed = write(temp.resolve("signed.json"), signedJson);
            List<String> command = new ArrayList<>(List.of(node, folder.resolve(SCRIPT).toString(), jwks.toString(), signed.toString()));
            String shown = "node " + SCRIPT + " <jwks.json> <signed.json>";
            if (name != null) {
                command.add(name);
                shown += " " + name;
            }
            Result result = run(command, folder, TOOL_TIMEOUT_SECONDS, shown);
            if (result.exitCode() == 2) {
                throw new IllegalStateException("`" + shown + "` rejected its arguments:\n" + result.output());
            }
            boolean valid = result.exitCode() == 0 && result.output().lines().anyMatch(l -> l.startsWith("OK kid="));
            return new Verdict(valid, shown, result.output());
        } finally {
            deleteRecursively(temp);
        }
    }

    /**
     * Verifies an XML document whose root carries an enveloped XML-DSig signature, with {@code xmlsec1}, trusting
     * exactly the given certificate.
     *
     * @param certificatePem the gateway certificate (PEM); the signature must be made by its key
     * @param signedXml      the signed document
     */
    public static Verdict verifyXml(byte[] certificatePem, byte[] signedXml) {
        if (!new String(certificatePem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("certificatePem holds no PEM certificate");
        }
        String xmlsec1 = requireTool("xmlsec1", "xmlsec1 is missing: install the Debian package xmlsec1 (apt-get install xmlsec1)");
        Path temp = createTempDir();
        try {
            Path cert = write(temp.resolve("cert.pem"), certificatePem);
            Path xml = write(temp.resolve("signed.xml"), signedXml);
            // Why these options, and not others (checked against xmlsec1 1.2.37, OpenSSL back end):
            //   --crypto openssl
            //       the back end that does ECDSA with xmlsec1 1.2; named so that a machine whose default is another
            //       back end (gnutls, nss, gcrypt) fails loudly instead of judging differently.
            //   --enabled-key-data x509
            //       the verification key may come ONLY from <KeyInfo><X509Data><X509Certificate>, which must then pass
            //       the trust check below. With every key data enabled (the default), <KeyValue> is read too and its raw
            //       key is used unchecked: tried, a document signed with a throw-away RSA key (SignatureMethod
            //       rsa-sha256, <RSAKeyValue> in KeyInfo) verifies "OK" with --trusted-pem or --pubkey-cert-pem alone.
            //       <KeyName>, <RetrievalMethod> and the rest are ignored as well.
            //   --trusted-pem cert.pem
            //       the one trust anchor. The certificate in <KeyInfo> must chain to it, and since the gateway's
            //       certificate is self-signed that means: be the gateway certificate (or one it issued). A document
            //       signed by another key, whatever certificate or name it carries, finds no key and fails. The
            //       certificate's validity period is checked at the current time.
            //   --enabled-reference-uris empty
            //       the only Reference allowed is URI="" (the whole document, minus the signature by the
            //       enveloped-signature transform), so a signature over a fragment or an outside resource fails.
            //   not --insecure
            //       it skips certificate verification, and with it any self-signed certificate in <KeyInfo> verifies a
            //       forged document (tried: a document signed by another certificate passes).
            //   not --pubkey-cert-pem cert.pem
            //       it loads the gateway key as a fallback only: xmlsec1 first takes whatever key <KeyInfo> yields
            //       (see the RSA <KeyValue> case above), and it never requires the certificate in the document.
            //   External entities stay off (no --xxe).
            List<String> command = List.of(xmlsec1, "--verify", "--crypto", "openssl",
                    "--enabled-key-data", "x509",
                    "--trusted-pem", cert.toString(),
                    "--enabled-reference-uris", "empty",
                    xml.toString());
            String shown = "xmlsec1 --verify --crypto openssl --enabled-key-data x509 --trusted-pem <cert.pem>"
                    + " --enabled-reference-uris empty <signed.xml>";
            Result result = run(command, temp, TOOL_TIMEOUT_SECONDS, shown);
            boolean valid = result.exitCode() == 0 && result.output().lines().anyMatch(l -> l.strip().equals("OK"));
            return new Verdict(valid, shown, result.output());
        } finally {
            deleteRecursively(temp);
        }
    }

    /**
     * The folder with verify-jws.mjs, package.json and package-lock.json: {@code <repository.root>/testkit/verifiers},
     * where repository.root comes from the build-filtered {@code testkit.properties}. Should that value not have been
     * filled in, the folder is looked for above this class's own location and above the working directory.
     */
    public static Path verifiersFolder() {
        Properties properties = new Properties();
        try (InputStream in = IndependentVerifiers.class.getResourceAsStream(PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("resource " + PROPERTIES + " is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROPERTIES, e);
        }
        String root = properties.getProperty("repository.root", "");
        List<Path> tried = new ArrayList<>();
        if (!root.isBlank() && !root.contains("${") && !(root.startsWith("@") && root.endsWith("@"))) {
            Path folder = Path.of(root, "testkit", "verifiers");
            if (holdsVerifiers(folder)) {
                return folder;
            }
            tried.add(folder);
        }
        for (Path start : fallbackStarts()) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path folder = dir.resolve("testkit").resolve("verifiers");
                if (holdsVerifiers(folder)) {
                    return folder;
                }
            }
            tried.add(start);
        }
        throw new IllegalStateException("cannot find testkit/verifiers with " + SCRIPT + " and package-lock.json: repository.root in "
                + PROPERTIES + " is " + root + ", and nothing was found at or above " + tried);
    }

    private static boolean holdsVerifiers(Path folder) {
        return Files.isRegularFile(folder.resolve(SCRIPT)) && Files.isRegularFile(folder.resolve("package-lock.json"));
    }

    private static List<Path> fallbackStarts() {
        List<Path> starts = new ArrayList<>();
        try {
            // testkit/target/classes when run from the build; a jar in a local repository finds nothing, as it should
            starts.add(Path.of(IndependentVerifiers.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
        } catch (RuntimeException | java.net.URISyntaxException ignored) {
            // no code source (unusual class loader): the working directory is still tried
        }
        starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        return starts;
    }

    private static void ensureNpmPackages(Path folder) {
        if (npmReady) {
            return;
        }
        synchronized (NPM_LOCK) {
            if (npmReady) {
                return;
            }
            if (!packagesInstalled(folder)) {
                String npm = requireTool("npm", "npm is missing: install the Debian packages nodejs and npm (apt-get install nodejs npm)");
                // Another JVM (a parallel build) may be installing into the same folder: take turns.
                Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "casebridge-verifiers-npm.lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (!packagesInstalled(folder)) {
                        String shown = "npm ci --no-audit --no-fund (in " + folder + ")";
                        Result result = run(List.of(npm, "ci", "--no-audit", "--no-fund"), folder, NPM_CI_TIMEOUT_SECONDS, shown);
                        if (result.exitCode() != 0 || !packagesInstalled(folder)) {
                            throw new IllegalStateException("`" + shown + "` failed with exit code " + result.exitCode()
                                    + ":\n" + result.output());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot lock " + lockFile, e);
                }
            }
            npmReady = true;
        }
    }

    private static boolean packagesInstalled(Path folder) {
        return NPM_PACKAGES.stream().allMatch(p -> Files.isRegularFile(folder.resolve("node_modules").resolve(p).resolve("package.json")));
    }

    private static String requireTool(String name, String howToInstall) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException(howToInstall + " (not found on PATH=" + path + ")");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path workingDir, long timeoutSeconds, String shown) {
        Path log = null;
        Process process = null;
        try {
            log = Files.createTempFile("casebridge-verifier", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("NO_COLOR", "1");
            process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                kill(process);
                throw new IllegalStateException("`" + shown + "` did not finish within " + timeoutSeconds + " s and was killed:\n"
                        + readQuietly(log));
            }
            return new Result(process.exitValue(), readQuietly(log));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + shown + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new IllegalStateException("interrupted while running `" + shown + "`", e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a leftover log in the temp folder does no harm
                }
            }
        }
    }

    private static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readQuietly(Path log) {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("casebridge-verify");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the temp folder is cleaned by the system anyway
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
