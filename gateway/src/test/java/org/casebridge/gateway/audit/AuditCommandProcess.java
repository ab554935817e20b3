package org.casebridge.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.casebridge.gateway.CasebridgeApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs {@code --casebridge.command=audit-verify} as an operator would: a JVM of its own, its exit status and output. */
record AuditCommandProcess(int exitStatus, String stdout, String stderr) {

    static AuditCommandProcess run(Path work, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CasebridgeApplication.class.getName(),
                "--casebridge.command=audit-verify"));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile(work, "audit-verify", ".out");
        Path err = Files.createTempFile(work, "audit-verify", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("audit-verify did not finish in 180 s");
        }
        return new AuditCommandProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The report: the JSON object the command prints last. */
    JsonNode report() {
        int start = stdout.lastIndexOf("\n{");
        String json = start < 0 ? stdout.substring(stdout.indexOf('{')) : stdout.substring(start + 1);
        return JsonMapper.builder().build().readTree(json);
    }

    @Override
    public String toString() {
        return "exit " + exitStatus + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
}
