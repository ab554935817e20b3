package org.casebridge.verifier;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar casebridge-verifier.jar evidence.zip [--trust keys.pem|jwks.json] [--strict]}.
 * Exit codes: 0 verified, 1 a check failed, 2 the archive or a file could not be read, or wrong usage.
 */
public final class Main {

    public static final int VERIFIED = 0;
    public static final int FAILED = 1;
    public static final int UNREADABLE = 2;

    private static final String USAGE = """
            usage: java -jar casebridge-verifier.jar <evidence.zip> [--trust <keys.pem|jwks.json>] [--strict]
              --trust   the gateway keys you trust (certificates PEM or a JWK set), obtained independently;
                        without it the keys inside the archive are used, which proves integrity, not origin
              --strict  a chain proof not yet covered by a signed checkpoint fails instead of warning""";

    private Main() {
    }

    public static void main(String[] args) {
        // The report names cases and people in any script; keep it UTF-8 whatever the console's default.
        System.exit(run(args, new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8)));
    }

    /** Runs a verification and returns its exit code; prints the report on {@code out}. */
    public static int run(String[] args, PrintStream out) {
        Path archivePath = null;
        Path trustPath = null;
        boolean strict = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trust" -> {
                    if (++i == args.length) {
                        return usage(out, "--trust needs a file");
                    }
                    trustPath = Path.of(args[i]);
                }
                case "--strict" -> strict = true;
                case "-h", "--help" -> {
                    return usage(out, null);
                }
                default -> {
                    if (args[i].startsWith("--") || archivePath != null) {
                        return usage(out, "unexpected argument " + args[i]);
                    }
                    archivePath = Path.of(args[i]);
                }
            }
        }
        if (archivePath == null) {
            return usage(out, "name the evidence archive");
        }
        out.println("Casebridge evidence verifier: " + archivePath);
        try (EvidenceArchive archive = EvidenceArchive.open(archivePath)) {
            TrustedKeys trusted;
            try {
                if (trustPath != null) {
                    trusted = TrustedKeys.parse(Files.readAllBytes(trustPath), trustPath.toString());
                    out.println("Trusting " + trusted.kids().size() + " key(s) from " + trustPath + ": " + trusted.kids());
                } else {
                    trusted = TrustedKeys.parse(archive.read("keys/jwks.json"), "keys/jwks.json in the archive");
                    out.println("No --trust given: trusting the " + trusted.kids().size() + " key(s) in the archive's keys/jwks.json "
                            + trusted.kids() + ". This shows the archive is intact and self-consistent, not that the gateway you"
                            + " know made it; compare these keys with the gateway's published ones, or pass --trust.");
                }
            } catch (IOException e) {
                out.println("ERROR cannot read " + trustPath + ": " + e.getMessage());
                return UNREADABLE;
            } catch (Invalid e) {
                out.println("ERROR the trusted keys cannot be used: " + e.getMessage());
                return UNREADABLE;
            }
            Report report = new Report(out);
            new EvidenceVerifier(archive, trusted, report, strict).verify();
            if (report.failed()) {
                out.println("RESULT: FAILED (" + report.failures() + " failed, " + report.passed() + " passed). First failure: "
                        + report.firstFailure());
                return FAILED;
            }
            out.println("RESULT: VERIFIED (" + report.passed() + " checks passed"
                    + (report.warnings() > 0 ? ", " + report.warnings() + " warning(s): see WARN above" : "") + ")");
            return VERIFIED;
        } catch (IOException e) {
            out.println("ERROR " + archivePath + " is not a readable zip archive: " + e.getMessage());
            return UNREADABLE;
        } catch (RuntimeException e) {
            // Never a stack trace and never "verified" on something the checks could not handle.
            out.println("ERROR the archive could not be processed: " + e);
            return UNREADABLE;
        }
    }

    private static int usage(PrintStream out, String problem) {
        if (problem != null) {
            out.println("ERROR " + problem);
        }
        out.println(USAGE);
        return UNREADABLE;
    }
}
