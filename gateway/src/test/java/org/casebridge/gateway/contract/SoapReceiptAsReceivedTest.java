package org.casebridge.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.interceptor.AttachmentInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.casebridge.contracts.v1.AcknowledgeRequest;
import org.casebridge.contracts.v1.Delivery;
import org.casebridge.contracts.v1.FetchInboxRequest;
import org.casebridge.contracts.v1.gateway.CasebridgeGateway;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.AgencySoap;
import org.casebridge.gateway.support.GatewayKeys;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.testkit.verify.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed document inside a SOAP response is self-contained: cut out of the HTTP response bytes as
 * received (a text search, no XML parser, no re-serialisation), it verifies with xmlsec1. So every
 * namespace it uses is declared on the element itself, not inherited from the SOAP envelope or the
 * response wrapper.
 */
class SoapReceiptAsReceivedTest {

    private static final String A = "hohhot-amr";
    private static final String P = "hohhot-psb";

    @TempDir
    static Path work;
    static RunningGateway gateway;
    static GatewayKeys keys;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, A, P, "hohhot-procuratorate"));
        keys = GatewayKeys.of(new AgencyRest(A, gateway.baseUrl()), gateway.baseUrl());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void transportReceiptSealedMessageAndDeliveryReceiptVerifyAsCutFromTheResponse() throws Exception {
        RawResponses amrRaw = new RawResponses();
        CasebridgeGateway amr = amrRaw.attach(new AgencySoap(A, gateway.baseUrl()).port());
        amr.submit(AgencySoap.submitRequest(Messages.toModel(
                Messages.withoutAttachments(Messages.referral(A + "-h-raw-1", A + "-m-raw-1"))), Map.of()));
        assertVerifiesAsCut(amrRaw.last(), "TransportReceipt");

        RawResponses policeRaw = new RawResponses();
        AgencySoap policeSoap = new AgencySoap(P, gateway.baseUrl());
        policeRaw.attach(policeSoap.port());
        Delivery[] delivery = new Delivery[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            FetchInboxRequest fetch = new FetchInboxRequest();
            fetch.setMax(10);
            List<Delivery> deliveries = policeSoap.port().fetchInbox(fetch).getDeliveries();
            delivery[0] = deliveries.isEmpty() ? null : deliveries.getFirst();
            return delivery[0] != null;
        });
        assertVerifiesAsCut(policeRaw.last(), "SealedMessage");

        AcknowledgeRequest ack = new AcknowledgeRequest();
        ack.setDispatchId(delivery[0].getDispatchId());
        assertThat(policeSoap.port().acknowledge(ack).getDeliveryReceipt()).isNotNull();
        assertVerifiesAsCut(policeRaw.last(), "DeliveryReceipt");
    }

    /** Cuts the first element of that local name out of the raw bytes, from its start tag to its end tag. */
    private static void assertVerifiesAsCut(byte[] response, String localName) {
        String text = new String(response, StandardCharsets.UTF_8);
        Matcher matcher = Pattern.compile("<([A-Za-z_][\\w.-]*:)?" + localName + "[\\s>/].*?</\\1?" + localName + ">", Pattern.DOTALL)
                .matcher(text);
        assertThat(matcher.find()).as("a %s element in the response:%n%s", localName, text).isTrue();
        String element = matcher.group();
        // The end tag must close the same qualified name as the start tag.
        String prefix = matcher.group(1) == null ? "" : matcher.group(1);
        assertThat(element).endsWith("</" + prefix + localName + ">");
        byte[] cut = element.getBytes(StandardCharsets.UTF_8);
        Verdict verdict = keys.verifyXml(cut);
        assertThat(verdict.valid()).as("%s over the %s cut from the response:%n%s%n%s", verdict.tool(), localName, verdict.output(), element)
                .isTrue();
    }

    /** Keeps the bytes of each response exactly as they came off the wire, before CXF reads them. */
    static final class RawResponses extends AbstractPhaseInterceptor<Message> {

        private volatile byte[] last;

        RawResponses() {
            super(Phase.RECEIVE);
            addBefore(AttachmentInInterceptor.class.getName());
        }

        CasebridgeGateway attach(CasebridgeGateway port) {
            Client client = ClientProxy.getClient(port);
            client.getInInterceptors().add(this);
            client.getInFaultInterceptors().add(this);
            return port;
        }

        @Override
        public void handleMessage(Message message) {
            InputStream in = message.getContent(InputStream.class);
            if (in == null) {
                return;
            }
            try {
                byte[] bytes = in.readAllBytes();
                last = bytes;
                message.setContent(InputStream.class, new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] last() {
            assertThat(last).as("a response was received").isNotNull();
            return last;
        }
    }
}
