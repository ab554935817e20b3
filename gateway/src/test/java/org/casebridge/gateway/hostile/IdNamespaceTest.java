package org.casebridge.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.casebridge.contracts.v1.Fault;
import org.casebridge.contracts.v1.gateway.CasebridgeFault;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.AgencySoap;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ids are the sender's: a transfer's handoffId and every messageId start with the sending agency's
 * id and a dash. An id of another agency's namespace is refused the same way whether it exists or
 * not, so ids reveal nothing and cannot be taken before their owner uses them.
 */
class IdNamespaceTest {

    private static final String A = "hohhot-amr";
    private static final String T = "baotou-tax";

    @TempDir
    static Path work;
    static RunningGateway gateway;
    static AgencyRest amr;
    static AgencyRest tax;
    static AgencyRest police;

    @BeforeAll
    static void start() throws Exception {
        Path agencies = TestAgencies.pull(work, A, "hohhot-psb", "hohhot-procuratorate", T, "baotou-psb", "baotou-procuratorate");
        gateway = RunningGateway.start(work.resolve("data"), agencies);
        amr = new AgencyRest(A, gateway.baseUrl());
        tax = new AgencyRest(T, gateway.baseUrl());
        police = new AgencyRest("hohhot-psb", gateway.baseUrl());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aTransferUnderAnotherAgencysHandoffIdIsRefusedAlikeWhetherItExistsOrNot() throws Exception {
        String existing = A + "-h-ns-existing";
        String unused = A + "-h-ns-unused";
        assertThat(amr.submit(transfer(existing, existing + "-transfer")).status()).isEqualTo(201);

        AgencyRest.Response onExisting = tax.submit(taxTransfer(existing, T + "-m-ns-1"));
        AgencyRest.Response onUnused = tax.submit(taxTransfer(unused, T + "-m-ns-1"));
        assertRefused(onExisting, "/handoffId");
        assertThat(onExisting.body().replace(existing, unused)).isEqualTo(onUnused.body());

        Fault soapExisting = soapFault(T, taxTransfer(existing, T + "-m-ns-2"));
        Fault soapUnused = soapFault(T, taxTransfer(unused, T + "-m-ns-2"));
        assertThat(soapExisting.getCode()).isEqualTo("ID_NOT_NAMESPACED");
        assertThat(soapExisting.getField()).isEqualTo("/Message/handoffId");
        assertThat(List.of(soapExisting.getCode(), soapExisting.getMessage().replace(existing, unused), soapExisting.getField()))
                .isEqualTo(List.of(soapUnused.getCode(), soapUnused.getMessage(), soapUnused.getField()));

        // The owner's own collision is one it may see: its own handoff.
        AgencyRest.Response own = amr.submit(transfer(existing, existing + "-again"));
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.json().path("code").asString()).isEqualTo("HANDOFF_EXISTS");
    }

    @Test
    void noAgencyCanSquatAHandoffIdOfAnothersScheme() {
        String id = A + "-2027-0001";
        assertRefused(tax.submit(taxTransfer(id, T + "-m-ns-squat")), "/handoffId");
        JdbcClient database = gateway.context().getBean(JdbcClient.class);
        assertThat(database.sql("SELECT count(*) FROM handoff WHERE handoff_id = ?").param(id).query(Integer.class).single()).isZero();
        AgencyRest.Response owner = amr.submit(transfer(id, id + "-transfer"));
        assertThat(owner.status()).as(owner.toString()).isEqualTo(201);
    }

    @Test
    void aMessageIdOfAnotherAgencyIsRefusedAlikeWhetherItExistsOrNot() throws Exception {
        String taken = A + "-m-ns-taken";
        String free = A + "-m-ns-free";
        assertThat(amr.submit(transfer(A + "-h-ns-taken", taken)).status()).isEqualTo(201);

        AgencyRest.Response onTaken = tax.submit(taxTransfer(T + "-h-ns-m1", taken));
        AgencyRest.Response onFree = tax.submit(taxTransfer(T + "-h-ns-m1", free));
        assertRefused(onTaken, "/messageId");
        assertThat(onTaken.body().replace(taken, free)).isEqualTo(onFree.body());

        Fault soapTaken = soapFault(T, taxTransfer(T + "-h-ns-m2", taken));
        Fault soapFree = soapFault(T, taxTransfer(T + "-h-ns-m2", free));
        assertThat(soapTaken.getCode()).isEqualTo("ID_NOT_NAMESPACED");
        assertThat(List.of(soapTaken.getCode(), soapTaken.getMessage().replace(taken, free), soapTaken.getField()))
                .isEqualTo(List.of(soapFree.getCode(), soapFree.getMessage(), soapFree.getField()));

        // A reply is the replier's too: the police cannot answer under the regulator's ids.
        ObjectNode receipt = Messages.withoutAttachments(Messages.reply("receipt", A + "-h-ns-taken", A + "-m-ns-receipt", taken));
        assertRefused(police.submit(receipt), "/messageId");
        assertThat(police.submit(receipt.put("messageId", "hohhot-psb-m-ns-receipt")).status()).isEqualTo(201);
    }

    private static void assertRefused(AgencyRest.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().path("code").asString()).isEqualTo("ID_NOT_NAMESPACED");
        assertThat(response.json().path("field").asString()).isEqualTo(field);
    }

    private static ObjectNode transfer(String handoffId, String messageId) {
        return Messages.withoutAttachments(Messages.referral(handoffId, messageId));
    }

    /** A transfer from the Baotou tax bureau to its police, copied to its prosecutor. */
    private static ObjectNode taxTransfer(String handoffId, String messageId) {
        ObjectNode message = transfer(handoffId, messageId);
        ((ObjectNode) message.get("sender")).put("agency", T);
        ((ObjectNode) message.get("recipient")).put("agency", "baotou-psb");
        ((ObjectNode) message.withArray("copyTo").get(0)).put("agency", "baotou-procuratorate");
        return message;
    }

    private static Fault soapFault(String agency, ObjectNode message) {
        try {
            new AgencySoap(agency, gateway.baseUrl()).port().submit(AgencySoap.submitRequest(Messages.toModel(message), Map.of()));
            throw new AssertionError("accepted " + message);
        } catch (CasebridgeFault fault) {
            return fault.getFaultInfo();
        }
    }
}
