package org.casebridge.gateway.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.casebridge.contracts.v1.FetchInboxRequest;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.AgencySoap;
import org.casebridge.gateway.support.GatewayKeys;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.keycloak.KeycloakServer;
import org.casebridge.testkit.verify.IndependentVerifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real case on a running gateway (a transfer with an attachment, its receipts, the police's
 * acknowledgement, receipt notice and decision), its audit chain filled and sealed by a fixture,
 * exported over HTTP and verified by the offline verifier in a process of its own. Tampered
 * copies must fail and name what failed; the signatures inside also verify with npm jose and
 * xmlsec1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceExportTest {

    private static final String A = "hohhot-amr";
    private static final String P = "hohhot-psb";
    private static final String S = "hohhot-procuratorate";
    private static final String HANDOFF = "hohhot-amr-2026-0900";
    private static final String OTHER = "baotou-tax-2026-0077";
    private static final String REF = "hohhot-amr-ev-ref-1";

    private final HttpClient http = HttpClient.newHttpClient();
    private Path work;
    private RunningGateway gateway;
    private Path evidence;
    private Path certificates;
    private Path jwks;
    private String attachmentSha;

    @BeforeAll
    void playTheCaseAndExportIt() throws Exception {
        work = Files.createTempDirectory("evidence");
        Path agencies = TestAgencies.pull(work, A, P, S, "baotou-tax", "baotou-psb", "baotou-procuratorate");
        gateway = RunningGateway.start(work.resolve("data"), agencies);
        AgencyRest a = new AgencyRest(A, gateway.baseUrl());
        AgencyRest p = new AgencyRest(P, gateway.baseUrl());

        // The regulator uploads the inspection record and transfers the case, copying the procuratorate.
        Path pdf = work.resolve("现场检查笔录.pdf");
        byte[] content = new byte[200_000];
        new Random(7).nextBytes(content);
        Files.write(pdf, content);
        attachmentSha = AgencyRest.sha256Hex(pdf);
        assertThat(a.upload(pdf, "application/pdf").status()).isEqualTo(201);
        ObjectNode referral = Messages.withAttachment(Messages.referral(HANDOFF, REF), "现场检查笔录.pdf", "application/pdf",
                content.length, attachmentSha);
        submitOk(a, referral);
        otherCase();

        // The police collect and acknowledge it, send their receipt notice, then register the case.
        acknowledge(p, REF);
        submitOk(p, Messages.withoutAttachments(Messages.reply("receipt", HANDOFF, "hohhot-psb-ev-rcpt-1", REF)));
        acknowledge(a, "hohhot-psb-ev-rcpt-1");
        submitOk(p, Messages.withoutAttachments(Messages.reply("decision-register", HANDOFF, "hohhot-psb-ev-dec-1", "hohhot-psb-ev-rcpt-1")));

        // The procuratorate collects its copies over SOAP, so they are sealed in XML as well; and the
        // XML forms of the transfer's receipts are asked for: both are stored and exported too.
        AgencySoap s = new AgencySoap(S, gateway.baseUrl());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            FetchInboxRequest request = new FetchInboxRequest();
            request.setMax(10);
            return s.port().fetchInbox(request).getDeliveries().size() == 2;
        });
        assertThat(a.get("/api/v1/messages/" + REF + "/receipts", "application/xml").status()).isEqualTo(200);

        certificates = Files.write(work.resolve("certificates.pem"), GatewayKeys.of(a, gateway.baseUrl()).certificatesPem());
        jwks = Files.write(work.resolve("jwks.json"), get("/.well-known/jwks.json", null).body());
        HttpResponse<byte[]> export = get("/api/v1/handoffs/" + HANDOFF + "/evidence?attachments=include", "auditor");
        assertThat(export.statusCode()).as(new String(export.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;").contains(".zip");
        evidence = Files.write(work.resolve("evidence.zip"), export.body());
        System.out.println("evidence archive: " + export.body().length + " bytes, " + entries(evidence).size() + " files");
    }

    @AfterAll
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        try (var paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void theExportVerifiesOfflineWithTheTrustedKeys() throws Exception {
        Run run = verify(evidence, "--trust", certificates.toString());
        System.out.println(run.output());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("RESULT: VERIFIED").doesNotContain("FAIL").doesNotContain("WARN")
                .contains("OK    manifest signature", "OK    manifest files", "OK    lifecycle events",
                        "OK    message " + REF + " seal", "OK    message " + REF + " XML seal",
                        "OK    message hohhot-psb-ev-dec-1 XML seal", "OK    message " + REF + " transport receipt",
                        "OK    message " + REF + " delivery receipt", "OK    message " + REF + " XML receipt",
                        "OK    message " + REF + " attachments: 1 named by SHA-256, content matches",
                        "OK    message hohhot-psb-ev-dec-1 transport receipt",
                        "OK    audit entries: ", "OK    audit chain", "OK    audit checkpoint",
                        "OK    audit chain coverage");

        Run withJwks = verify(evidence, "--trust", jwks.toString());
        assertThat(withJwks.exitCode()).as(withJwks.output()).isZero();
        Run withArchiveKeys = verify(evidence);
        assertThat(withArchiveKeys.exitCode()).as(withArchiveKeys.output()).isZero();
        assertThat(withArchiveKeys.output()).contains("No --trust given");
    }

    @Test
    void theArchiveHoldsTheCaseAndOnlyDigestsOfOtherCases() throws Exception {
        Map<String, byte[]> files = entries(evidence);
        assertThat(files).containsKeys("manifest.json", "manifest.jws", "handoff.json", "keys/jwks.json",
                "keys/certificates.pem", "audit/entries.jsonl", "audit/chain.jsonl", "audit/proof.json",
                "attachments/" + attachmentSha, "messages/001-" + REF + "/message.json",
                "messages/001-" + REF + "/seal.jws", "messages/001-" + REF + "/seal.xml",
                "messages/001-" + REF + "/transport-receipt.json",
                "messages/001-" + REF + "/transport-receipt.xml", "messages/001-" + REF + "/attachments.json");
        assertThat(files.keySet()).anyMatch(p -> p.startsWith("messages/001-" + REF + "/delivery-receipts/") && p.endsWith(".xml"));
        String entries = text(files, "audit/entries.jsonl");
        String chain = text(files, "audit/chain.jsonl");
        assertThat(entries).contains(HANDOFF).doesNotContain(OTHER).doesNotContain("CONFIGURATION_CHANGED");
        assertThat(chain).doesNotContain(OTHER);
        long links = chain.lines().count();
        assertThat(links).isGreaterThan(entries.lines().count());
        JsonNode proof = parse(text(files, "audit/proof.json"));
        assertThat(proof.get("status").asString()).isEqualTo("COVERED");
        JsonNode manifest = parse(text(files, "manifest.json"));
        assertThat(manifest.get("handoffId").asString()).isEqualTo(HANDOFF);
        assertThat(manifest.get("files").size()).isEqualTo(files.size() - 2);
        System.out.println("chain proof: " + links + " links for " + entries.lines().count() + " entries of the case, checkpoint "
                + proof.get("checkpoint").get("seq"));
    }

    @Test
    void tamperedCopiesFailAndSayWhat() throws Exception {
        String folder = "messages/001-" + REF + "/";
        Path editedReceipt = copy("edited-receipt", Map.of(folder + "transport-receipt.json",
                bytes -> replace(bytes, "\"ACCEPTED\"", "\"REFUSED\"")), List.of(), Map.of());
        Path editedEntry = copy("edited-entry", Map.of("audit/entries.jsonl", bytes -> replace(bytes, "\"actor\":\"" + P + "\"",
                "\"actor\":\"" + A + "\"")), List.of(), Map.of());
        Path removedLink = copy("removed-link", Map.of("audit/chain.jsonl", EvidenceExportTest::dropThirdLine), List.of(), Map.of());
        Path extraFile = copy("extra-file", Map.of(), List.of(), Map.of(folder + "note.txt", "added later".getBytes()));
        Path missingFile = copy("missing-file", Map.of(), List.of(folder + "transport-receipt.xml"), Map.of());
        Path otherKey = Files.writeString(work.resolve("other-jwks.json"),
                new JWKSet(new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate().toPublicJWK()).toString());

        assertFails(verify(editedReceipt, "--trust", certificates.toString()),
                "FAIL  manifest files: " + folder + "transport-receipt.json has SHA-256",
                "FAIL  message " + REF + " transport receipt: " + folder + "transport-receipt.json: the JWS verifies, but signs other bytes");
        assertFails(verify(editedEntry, "--trust", certificates.toString()),
                "FAIL  manifest files: audit/entries.jsonl has SHA-256",
                "FAIL  audit chain: audit entry", "the entry was changed");
        assertFails(verify(removedLink, "--trust", certificates.toString()),
                "FAIL  manifest files: audit/chain.jsonl has SHA-256", "FAIL  audit chain: link", "is missing");
        assertFails(verify(extraFile, "--trust", certificates.toString()),
                "FAIL  manifest files: " + folder + "note.txt is in the archive but not in the manifest");
        assertFails(verify(missingFile, "--trust", certificates.toString()),
                "FAIL  manifest files: " + folder + "transport-receipt.xml is missing from the archive");
        assertFails(verify(evidence, "--trust", otherKey.toString()), "First failure: manifest signature: signed by key",
                "which is not among the trusted keys");

        Path notZip = Files.writeString(work.resolve("not-a-zip.zip"), "hello");
        assertThat(verify(notZip).exitCode()).isEqualTo(2);
        assertThat(verify(evidence, "--trust").exitCode()).isEqualTo(2);
    }

    @Test
    void anAuditEntryEditedInTheDatabaseIsCaughtInTheNextExport() throws Exception {
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        long entryId = database.sql("SELECT min(entry_id) FROM audit_entry WHERE handoff_id = ?").param(OTHER)
                .query(Long.class).single();
        // What only a superuser could do, and what the chain is there to show.
        database.sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only").update();
        try {
            database.sql("UPDATE audit_entry SET actor = 'someone-else' WHERE entry_id = ?").param(entryId).update();
        } finally {
            database.sql("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only").update();
        }
        Path export = Files.write(work.resolve("other.zip"), get("/api/v1/handoffs/" + OTHER + "/evidence", "auditor").body());
        Run run = verify(export, "--trust", certificates.toString());
        assertFails(run, "OK    manifest signature", "OK    manifest files",
                "First failure: audit chain: audit entry " + entryId, "the entry was changed");
    }

    @Test
    void signaturesInsideVerifyWithToolsWeDidNotWrite() throws Exception {
        Map<String, byte[]> files = entries(evidence);
        byte[] publishedJwks = Files.readAllBytes(jwks);
        String manifest = "{\"manifest\":" + text(files, "manifest.json") + ",\"jws\":\"" + text(files, "manifest.jws") + "\"}";
        IndependentVerifiers.verifyJws(publishedJwks, manifest.getBytes(StandardCharsets.UTF_8), "manifest").requireValid();
        IndependentVerifiers.verifyJws(publishedJwks, manifest.replace(HANDOFF, OTHER).getBytes(StandardCharsets.UTF_8), "manifest")
                .requireInvalid();
        String folder = "messages/001-" + REF + "/";
        byte[] receipt = files.get(folder + "transport-receipt.json");
        IndependentVerifiers.verifyJws(publishedJwks, receipt, "receipt").requireValid();
        IndependentVerifiers.verifyJws(publishedJwks, replace(receipt, "\"ACCEPTED\"", "\"REFUSED\""), "receipt").requireInvalid();
        byte[] xml = files.get(folder + "transport-receipt.xml");
        byte[] pem = Files.readAllBytes(certificates);
        IndependentVerifiers.verifyXml(pem, xml).requireValid();
        IndependentVerifiers.verifyXml(pem, replace(xml, REF, "ev-ref-9")).requireInvalid();
        byte[] seal = files.get(folder + "seal.xml");
        IndependentVerifiers.verifyXml(pem, seal).requireValid();
        IndependentVerifiers.verifyXml(pem, replace(seal, "呼和浩特", "包头")).requireInvalid();
    }

    @Test
    void exportFollowsTheReadRules() throws Exception {
        assertThat(get("/api/v1/handoffs/" + HANDOFF + "/evidence", P).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/handoffs/" + OTHER + "/evidence", "auditor").statusCode()).isEqualTo(200);
        for (String outsider : List.of("baotou-psb", "operator")) {
            HttpResponse<byte[]> refused = get("/api/v1/handoffs/" + HANDOFF + "/evidence", outsider);
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("\"code\":\"NOT_FOUND\"");
        }
        HttpResponse<byte[]> missing = get("/api/v1/handoffs/no-such-case/evidence", "auditor");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/handoffs/" + HANDOFF + "/evidence?attachments=all", "auditor").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/handoffs/" + HANDOFF + "/evidence", null).statusCode()).isEqualTo(401);
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        assertThat(database.sql("""
                        SELECT outcome || ' ' || actor_roles FROM audit_event
                        WHERE action = 'EXPORT_EVIDENCE' AND target = ? ORDER BY seq""")
                .param("handoff:" + HANDOFF).query(String.class).list())
                .contains("ALLOWED auditor", "ALLOWED agency-system", "DENIED agency-system", "DENIED operator");
    }

    // ---------------------------------------------------------------- the case

    private void otherCase() {
        AgencyRest tax = new AgencyRest("baotou-tax", gateway.baseUrl());
        ObjectNode transfer = Messages.withoutAttachments(Messages.referral(OTHER, "baotou-tax-ev-other-1"));
        transfer.putObject("sender").put("agency", "baotou-tax");
        transfer.putObject("recipient").put("agency", "baotou-psb");
        transfer.remove("copyTo");
        transfer.withArray("copyTo").addObject().put("agency", "baotou-procuratorate");
        submitOk(tax, transfer);
    }

    private static JsonNode parse(String json) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
    }

    private static void submitOk(AgencyRest client, JsonNode message) {
        AgencyRest.Response response = client.submit(message);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private static void acknowledge(AgencyRest client, String messageId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode delivery : client.inbox().json().get("deliveries")) {
                JsonNode sealed = delivery.get("sealedMessage");
                if (sealed != null && sealed.get("message").get("messageId").asString().equals(messageId)) {
                    found[0] = delivery;
                    return true;
                }
            }
            return false;
        });
        AgencyRest.Response ack = client.acknowledge(found[0].get("dispatchId").asString());
        assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
    }

    /** @param caller an agency id, a person's user name, or null for no token */
    private HttpResponse<byte[]> get(String path, String caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(60));
        if (caller != null) {
            String token = List.of("auditor", "operator", "liaison", "prosecutor").contains(caller)
                    ? KeycloakServer.shared().passwordToken(caller, caller)
                    : new AgencyRest(caller, gateway.baseUrl()).token();
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // ---------------------------------------------------------------- the verifier, as a separate process

    record Run(int exitCode, String output) {
    }

    /** Runs the verifier in a JVM of its own, as someone with only the archive would. */
    private static Run verify(Path archive, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(verifierLaunch());
        command.add(archive.toString());
        Collections.addAll(command, options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /**
     * The runnable jar when the build made it (from {@code verify} on); before the package phase,
     * the verifier's classes with exactly its run-time dependencies, which is what the jar holds:
     * never the gateway's class path, which would hide a dependency the jar lacks.
     */
    private static List<String> verifierLaunch() throws IOException {
        Path target = Path.of(System.getProperty("user.dir")).resolve("../verifier/target").normalize();
        Path jar = target.resolve("casebridge-verifier.jar");
        Path main = target.resolve("classes/org/casebridge/verifier/Main.class");
        assertThat(main).as("the verifier module is built").exists();
        if (Files.exists(jar) && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(main)) >= 0) {
            return List.of("-jar", jar.toString());
        }
        Path dependencies = target.resolve("runtime-classpath.txt");
        assertThat(dependencies).as("written by the verifier's build").exists();
        return List.of("-cp", target.resolve("classes") + java.io.File.pathSeparator + Files.readString(dependencies).strip(),
                "org.casebridge.verifier.Main");
    }

    private static void assertFails(Run run, String... lines) {
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("RESULT: FAILED").contains(lines);
    }

    // ---------------------------------------------------------------- archive copies

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                try (InputStream in = file.getInputStream(entry)) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return files;
    }

    private Path copy(String name, Map<String, UnaryOperator<byte[]>> edits, List<String> removed, Map<String, byte[]> added)
            throws IOException {
        Path target = work.resolve(name + ".zip");
        Map<String, byte[]> files = entries(evidence);
        for (Map.Entry<String, UnaryOperator<byte[]>> edit : edits.entrySet()) {
            byte[] before = files.get(edit.getKey());
            byte[] after = edit.getValue().apply(before);
            assertThat(after).as("the edit of " + edit.getKey() + " changes it").isNotEqualTo(before);
            files.put(edit.getKey(), after);
        }
        removed.forEach(path -> assertThat(files.remove(path)).as(path).isNotNull());
        files.putAll(added);
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return target;
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        return new String(bytes, StandardCharsets.UTF_8).replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] dropThirdLine(byte[] bytes) {
        List<String> lines = new ArrayList<>(new String(bytes, StandardCharsets.UTF_8).lines().toList());
        lines.remove(2);
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Map<String, byte[]> files, String path) {
        return new String(files.get(path), StandardCharsets.UTF_8);
    }
}
