package org.casebridge.testkit.verify;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validates an OpenAPI document against the official OpenAPI 3.1 schema with a tool the project did not write:
 * {@code node testkit/openapi-validator/validate-openapi.mjs} on the npm package
 * {@code @seriousme/openapi-schema-validator}, pinned in that folder's package-lock.json (installed by
 * {@code npm ci} on first use). A tool that cannot run raises {@link IllegalStateException}, never a verdict.
 */
public final class OpenApiValidator {

    private static final String SCRIPT = "validate-openapi.mjs";
    private static final Object NPM_LOCK = new Object();
    private static volatile boolean npmReady;

    private OpenApiValidator() {
    }

    /** @param openApiJson the document as the gateway serves it at {@code /v3/api-docs} */
    public static Verdict validate(byte[] openApiJson) {
        Path folder = IndependentVerifiers.verifiersFolder().resolveSibling("openapi-validator");
        ensurePackages(folder);
        try {
            Path document = Files.createTempFile("casebridge-openapi", ".json");
            try {
                Files.write(document, openApiJson);
                String shown = "node " + SCRIPT + " <openapi.json>";
                Run run = run(List.of(tool("node"), folder.resolve(SCRIPT).toString(), document.toString()), folder, 120, shown);
                if (run.exitCode() == 2) {
                    throw new IllegalStateException("`" + shown + "` rejected its arguments:\n" + run.output());
                }
                boolean valid = run.exitCode() == 0 && run.output().lines().anyMatch(l -> l.startsWith("OK "));
                return new Verdict(valid, shown, run.output());
            } finally {
                Files.deleteIfExists(document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ensurePackages(Path folder) {
        if (npmReady) {
            return;
        }
        synchronized (NPM_LOCK) {
            if (!installed(folder)) {
                String shown = "npm ci --no-audit --no-fund (in " + folder + ")";
                Run run = run(List.of(tool("npm"), "ci", "--no-audit", "--no-fund"), folder, 300, shown);
                if (run.exitCode() != 0 || !installed(folder)) {
                    throw new IllegalStateException("`" + shown + "` failed with exit code " + run.exitCode() + ":\n" + run.output());
                }
            }
            npmReady = true;
        }
    }

    private static boolean installed(Path folder) {
        return Files.isRegularFile(folder.resolve("node_modules/@seriousme/openapi-schema-validator/package.json"));
    }

    private static String tool(String name) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is missing: install the Debian packages nodejs and npm (not found on PATH=" + path + ")");
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command, Path workingDir, long timeoutSeconds, String shown) {
        try {
            Path log = Files.createTempFile("casebridge-openapi", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new IllegalStateException("`" + shown + "` did not finish within " + timeoutSeconds + " s");
                }
                return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8).strip());
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + shown + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + shown + "`", e);
        }
    }
}
