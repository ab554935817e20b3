package org.casebridge.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.contracts.v1.TransportReceipt;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What the gateway's durable work costs at least, measured on the same machine with the same
 * payloads and concurrency, while the gateway is not running:
 * <ul>
 * <li>{@code pg-insert-<size>}: one row per transaction into PostgreSQL with synchronous_commit
 * on, started as the gateway starts its embedded one (zonky, PostgreSQL 17, the gateway's
 * server settings), or the external one;</li>
 * <li>{@code artemis-<size>}: a persistent message sent and received, each in a transaction
 * (two journal syncs, as the gateway's relay and listener commit), on an embedded broker with a
 * persistent NIO journal configured as Spring Boot and the gateway configure theirs, or the
 * external one;</li>
 * <li>{@code pg+artemis-<size>}: both per message;</li>
 * <li>{@code sign-jws}: a transport receipt built, turned into RFC 8785 canonical JSON and signed
 * ES256 with nimbus, as the gateway's Receipts and JwsSigner do;</li>
 * <li>{@code sign-xmldsig}: the same receipt as an enveloped XML-DSig (ECDSA-SHA256, exclusive
 * c14n, certificate in KeyInfo), as the gateway's XmlSigner does.</li>
 * </ul>
 */
final class Baselines {

    private Baselines() {
    }

    static int main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        Path out = Path.of(args.required("out"));
        Path data = Path.of(args.required("data"));
        List<String> which = args.list("baselines", List.of("pg-insert", "artemis", "pg+artemis", "sign-jws", "sign-xmldsig"));
        List<Integer> sizes = args.list("sizes", List.of("2k", "200k")).stream().map(s -> (int) Args.parseSize(s)).toList();
        int concurrency = args.integer("concurrency", 32);
        Duration warmup = args.duration("warmup", Duration.ofSeconds(2));
        Duration duration = args.duration("duration", Duration.ofSeconds(8));
        String dbUrl = args.string("db-url", null);
        String dbUser = args.string("db-user", null);
        String dbPassword = args.string("db-password", null);
        String brokerUrl = args.string("broker-url", null);
        String brokerUser = args.string("broker-user", null);
        String brokerPassword = args.string("broker-password", null);
        String runTag = args.required("run-tag");
        ProcStats.clockTicks = args.longValue("clk-tck", 100);
        AtomicInteger sequence = new AtomicInteger(args.integer("sequence-start", 0));
        args.requireAllUsed();

        boolean needPg = which.stream().anyMatch(w -> w.startsWith("pg"));
        boolean needBroker = which.stream().anyMatch(w -> w.contains("artemis"));
        List<Result> rows = new ArrayList<>();
        EmbeddedPostgres postgres = null;
        EmbeddedActiveMQ broker = null;
        Database db = null;
        Broker mq = null;
        try {
            if (needPg) {
                if (dbUrl == null) {
                    postgres = startPostgres(data.resolve("postgres"));
                    postgresPidFile = data.resolve("postgres").resolve("postmaster.pid");
                    db = new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, runTag, true);
                } else {
                    db = new Database(dbUrl, dbUser, dbPassword, runTag, false);
                }
                db.createTable();
            }
            if (needBroker) {
                if (brokerUrl == null) {
                    broker = startBroker(data.resolve("artemis"));
                    mq = new Broker(new ActiveMQConnectionFactory("vm://0"), runTag, true);
                } else {
                    mq = new Broker(new ActiveMQConnectionFactory(brokerUrl, brokerUser, brokerPassword), runTag, false);
                }
            }
            for (int size : sizes) {
                String label = Settings.sizeLabel(size);
                Payloads.Template template = Payloads.transfer(Payloads.PAIRS.getFirst(), 0, size, runTag + "-baseline", List.of());
                String payload = new String(template.bytes, StandardCharsets.UTF_8);
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(template.bytes));
                Database db0 = db;
                if (which.contains("pg-insert")) {
                    rows.add(run("pg-insert-" + label, "one row per transaction (synchronous_commit on), " + template.size()
                            + "-byte canonical JSON", template.size(), concurrency, warmup, duration, db0.external, out, sequence,
                            i -> db0.inserter(payload, sha)));
                }
                if (which.contains("artemis")) {
                    Broker broker1 = mq;
                    rows.add(run("artemis-" + label, "persistent " + template.size() + "-byte message sent and received, "
                            + "each in its own transaction", template.size(), concurrency, warmup, duration, true, out, sequence,
                            i -> broker1.sendReceive(i, payload, null)));
                }
                if (which.contains("pg+artemis")) {
                    Broker broker1 = mq;
                    Database db1 = db;
                    rows.add(run("pg+artemis-" + label, "per message: the row inserted and committed, then sent and received "
                            + "durably", template.size(), concurrency, warmup, duration, db0.external, out, sequence,
                            i -> broker1.sendReceive(i, payload, db1.inserter(payload, sha))));
                }
            }
            Signing signing = which.contains("sign-jws") || which.contains("sign-xmldsig") ? new Signing() : null;
            if (which.contains("sign-jws")) {
                rows.add(run("sign-jws", "a transport receipt to RFC 8785 canonical JSON, signed ES256 (nimbus)", 0,
                        concurrency, warmup, duration, true, out, sequence, i -> signing.jws()));
            }
            if (which.contains("sign-xmldsig")) {
                rows.add(run("sign-xmldsig", "the same receipt as enveloped XML-DSig, ECDSA-SHA256, exclusive c14n (Santuario)", 0,
                        concurrency, warmup, duration, true, out, sequence, i -> signing.xml()));
            }
        } finally {
            if (db != null) {
                db.dropTable();
            }
            if (mq != null) {
                mq.close();
            }
            if (broker != null) {
                broker.stop();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
        return rows.stream().allMatch(Result::ok) ? 0 : 1;
    }

    interface OpFactory {
        Loops.Op create(int worker) throws Exception;
    }

    /** postmaster.pid of the embedded PostgreSQL, null when there is none. */
    private static Path postgresPidFile;

    private static Result run(String name, String description, int payloadBytes, int concurrency, Duration warmup,
            Duration duration, boolean noPostgresCpu, Path out, AtomicInteger sequence, OpFactory factory) throws Exception {
        System.out.println("-- " + name);
        Result result = new Result(name, "closed", "baseline", description);
        try {
            measure(result, payloadBytes, concurrency, warmup, duration, noPostgresCpu, factory);
        } catch (Exception e) {
            e.printStackTrace();
            result.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
            result.put("completed", false);
        }
        result.write(out, sequence.incrementAndGet());
        return result;
    }

    private static void measure(Result result, int payloadBytes, int concurrency, Duration warmup, Duration duration,
            boolean noPostgresCpu, OpFactory factory) throws Exception {
        Loops.Outcome o = Loops.closed(concurrency, i -> {
            try {
                Loops.Op op = factory.create(i);
                op.run(System.nanoTime()); // class loading and first-use set-up (JAXB, Santuario) stay out of the figures
                return op;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, warmup, duration, 0, new ProcStats.Target(ProcStats.selfPid(), postgresPidFile), result);
        result.put("payloadBytes", payloadBytes).put("concurrency", concurrency);
        result.throughput(o.completed(), o.seconds()).latency(o.latency()).usage(o.usage(), true);
        if (o.completed() == 0) {
            result.fail("nothing completed in the measured window");
        }
        if (noPostgresCpu) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> cpu = (java.util.Map<String, Object>) result.fields.get("cpuCores");
            cpu.put("postgres", null);
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> mem = (java.util.Map<String, Object>) result.fields.get("memory");
            mem.put("postgresPeakRssSumMB", null);
        }
    }

    // ------------------------------------------------------------------ PostgreSQL

    /** As the gateway's EmbeddedPostgresConfiguration starts it. */
    static EmbeddedPostgres startPostgres(Path dir) throws Exception {
        Files.createDirectories(dir.getParent());
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(true)
                .setPort(0)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .start();
    }

    static final class Database {
        final String url;
        final String user;
        final String password;
        final String table;
        final boolean external;
        private final AtomicLong ids = new AtomicLong();

        Database(String url, String user, String password, String runTag, boolean embedded) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.table = "bench_message_" + runTag.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
            this.external = !embedded;
        }

        java.sql.Connection connect() throws Exception {
            return DriverManager.getConnection(url, user, password);
        }

        void createTable() throws Exception {
            try (java.sql.Connection c = connect(); Statement s = c.createStatement()) {
                // the columns of the gateway's message row that carry the payload
                s.execute("CREATE TABLE " + table + " (message_id text PRIMARY KEY, received_at timestamptz NOT NULL, "
                        + "canonical_sha256 text NOT NULL, canonical_json text NOT NULL)");
            }
        }

        void dropTable() {
            try (java.sql.Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            } catch (Exception e) {
                System.err.println("could not drop " + table + ": " + e.getMessage());
            }
        }

        /** One worker's insert: its own connection, autocommit (one transaction per row). */
        Loops.Op inserter(String payload, String sha) throws Exception {
            java.sql.Connection c = connect();
            c.setAutoCommit(true);
            PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                    + " (message_id, received_at, canonical_sha256, canonical_json) VALUES (?, now(), ?, ?)");
            return new Loops.Op() {
                @Override
                public long run(long due) throws Exception {
                    insert.setString(1, "m-" + ids.incrementAndGet());
                    insert.setString(2, sha);
                    insert.setString(3, payload);
                    insert.executeUpdate();
                    return System.nanoTime();
                }

                @Override
                public void close() {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // closing anyway
                    }
                }
            };
        }
    }

    // ------------------------------------------------------------------ Artemis

    /** As Spring Boot's embedded broker for the gateway: persistent NIO journal, in-VM acceptor. */
    static EmbeddedActiveMQ startBroker(Path dir) throws Exception {
        Files.createDirectories(dir);
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setSecurityEnabled(false);
        configuration.setPersistenceEnabled(true);
        configuration.setJournalType(JournalType.NIO);
        configuration.setJournalDirectory(dir.resolve("journal").toString());
        configuration.setLargeMessagesDirectory(dir.resolve("largemessages").toString());
        configuration.setBindingsDirectory(dir.resolve("bindings").toString());
        configuration.setPagingDirectory(dir.resolve("paging").toString());
        configuration.getAcceptorConfigurations().add(new org.apache.activemq.artemis.api.core.TransportConfiguration(
                InVMAcceptorFactory.class.getName()));
        configuration.setJMXManagementEnabled(false);
        configuration.setIDCacheSize(200_000);
        configuration.setPersistIDCache(true);
        configuration.setClusterPassword(UUID.randomUUID().toString());
        for (String name : List.of("DLQ", "ExpiryQueue")) {
            configuration.addAddressConfiguration(new org.apache.activemq.artemis.core.config.CoreAddressConfiguration()
                    .setName(name).addRoutingType(org.apache.activemq.artemis.api.core.RoutingType.ANYCAST)
                    .addQueueConfiguration(org.apache.activemq.artemis.api.core.QueueConfiguration.of(name)
                            .setRoutingType(org.apache.activemq.artemis.api.core.RoutingType.ANYCAST).setAddress(name)));
        }
        configuration.addAddressSetting("#", new org.apache.activemq.artemis.core.settings.impl.AddressSettings()
                .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ"))
                .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of("ExpiryQueue")));
        Configuration c = configuration;
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(c);
        server.start();
        return server;
    }

    static final class Broker implements AutoCloseable {
        private final Connection connection;
        private final String prefix;

        Broker(ConnectionFactory factory, String runTag, boolean embedded) throws Exception {
            this.connection = factory.createConnection();
            this.connection.start();
            this.prefix = "casebridge.bench." + runTag.replaceAll("[^A-Za-z0-9]", "-") + ".";
        }

        /**
         * One worker: a transacted session on a queue of its own; a message is sent and committed,
         * then received and committed (after the row is inserted, if an inserter is given).
         */
        Loops.Op sendReceive(int worker, String payload, Loops.Op insertFirst) throws Exception {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue queue = session.createQueue(prefix + worker);
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            MessageConsumer consumer = session.createConsumer(queue);
            return new Loops.Op() {
                @Override
                public long run(long due) throws Exception {
                    if (insertFirst != null) {
                        insertFirst.run(due);
                    }
                    TextMessage message = session.createTextMessage(payload);
                    producer.send(message);
                    session.commit();
                    jakarta.jms.Message received = consumer.receive(10_000);
                    if (received == null) {
                        throw new IllegalStateException("a sent message did not come back within 10 s");
                    }
                    session.commit();
                    return System.nanoTime();
                }

                @Override
                public void close() {
                    try {
                        session.close();
                    } catch (Exception ignored) {
                        // closing anyway
                    }
                    if (insertFirst != null) {
                        insertFirst.close();
                    }
                }
            };
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    // ------------------------------------------------------------------ signing

    static final class Signing {
        private final KeyPair keyPair;
        private final X509Certificate certificate;
        private final ECDSASigner signer;
        private final JWSHeader header;
        private final String kid = UUID.randomUUID().toString();

        Signing() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            keyPair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=casebridge-bench,O=Casebridge");
            certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minusSeconds(300)), Date.from(now.plus(Duration.ofDays(30))),
                    subject, keyPair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            signer = new ECDSASigner((ECPrivateKey) keyPair.getPrivate());
            header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(new JOSEObjectType("casebridge-receipt+json")).build();
            System.setProperty("org.apache.xml.security.ignoreLineBreaks", "true");
            org.apache.xml.security.Init.init();
        }

        private static final AtomicLong COUNTER = new AtomicLong();

        /** A transport receipt as the gateway issues one for a transfer without attachments. */
        static TransportReceipt receipt() {
            long n = COUNTER.incrementAndGet();
            TransportReceipt receipt = new TransportReceipt();
            receipt.setReceiptId(UUID.randomUUID().toString());
            receipt.setMessageId("hohhot-amr-bench-baseline-" + n + "-transfer");
            receipt.setHandoffId("hohhot-amr-bench-baseline-" + n);
            receipt.setMessageType(MessageType.REFERRAL_SUBMIT);
            receipt.setSender("hohhot-amr");
            receipt.getRecipients().add("hohhot-psb");
            receipt.getRecipients().add("hohhot-procuratorate");
            receipt.setMessageSha256("3a5b8e9f0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f");
            receipt.setReceivedAt(OffsetDateTime.now(ZoneOffset.UTC));
            receipt.setGateway("casebridge");
            receipt.setStatus("ACCEPTED");
            return receipt;
        }

        Loops.Op jws() {
            return due -> {
                byte[] canonical = ContractJson.canonicalBytes(receipt());
                JWSObject jws = new JWSObject(header, new Payload(canonical));
                jws.sign(signer);
                if (jws.serialize().isEmpty()) {
                    throw new IllegalStateException("empty JWS");
                }
                return System.nanoTime();
            };
        }

        Loops.Op xml() {
            return due -> {
                Document document = ContractXml.toDocument(receipt());
                Element root = document.getDocumentElement();
                XMLSignature signature = new XMLSignature(document, "", XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
                        Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
                root.appendChild(signature.getElement());
                Transforms transforms = new Transforms(document);
                transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
                transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
                signature.addDocument("", transforms, org.apache.xml.security.algorithms.MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
                signature.addKeyInfo(certificate);
                signature.getKeyInfo().addKeyName(kid);
                signature.sign(keyPair.getPrivate());
                if (ContractXml.serialize(document).length == 0) {
                    throw new IllegalStateException("empty XML");
                }
                return System.nanoTime();
            };
        }
    }
}
