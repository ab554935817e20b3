package org.casebridge.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.ConsoleHttp;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People sign in through the realm's own login page (OpenID Connect, authorization code flow),
 * land on the handoff list and see what their role and agency allow.
 */
class ConsoleLoginTest {

    @TempDir
    Path work;

    @Test
    void theDemoLiaisonOfficerSignsInAndSeesHisAgencysHandoffsOnly() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate", "baotou-tax", "baotou-psb",
                "baotou-procuratorate");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
            var own = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-console-own", "hohhot-amr-m-console-own"));
            assertThat(new AgencyRest("hohhot-amr", gateway.baseUrl()).submit(own).status()).isEqualTo(201);
            var other = Messages.withoutAttachments(Messages.referral("baotou-tax-h-console-other", "baotou-tax-m-console-other"));
            ((tools.jackson.databind.node.ObjectNode) other.get("sender")).put("agency", "baotou-tax");
            ((tools.jackson.databind.node.ObjectNode) other.get("recipient")).put("agency", "baotou-psb");
            other.putArray("copyTo").addObject().put("agency", "baotou-procuratorate");
            assertThat(new AgencyRest("baotou-tax", gateway.baseUrl()).submit(other).status()).isEqualTo(201);

            HttpResponse<String> liaison = ConsoleHttp.signIn(gateway.baseUrl(), "liaison", "liaison").landed();
            assertThat(liaison.uri().getPath()).isEqualTo("/console/handoffs");
            assertThat(liaison.body()).contains("id=\"subject\">liaison<", "liaison-officer", "hohhot-amr",
                            "data-handoff-id=\"hohhot-amr-h-console-own\"", "<strong id=\"total\">1</strong>")
                    .doesNotContain("baotou-tax-h-console-other");

            HttpResponse<String> operator = ConsoleHttp.signIn(gateway.baseUrl(), "operator", "operator").landed();
            assertThat(operator.uri().getPath()).isEqualTo("/console/handoffs");
            assertThat(operator.body()).contains("id=\"subject\">operator<", "id=\"no-cases\"")
                    .doesNotContain("hohhot-amr-h-console-own").doesNotContain("table id=\"handoffs\"");

            HttpResponse<String> wrongPassword = ConsoleHttp.attemptSignIn(gateway.baseUrl(), "liaison", "guess");
            assertThat(wrongPassword.statusCode()).isEqualTo(200);
            assertThat(wrongPassword.body()).contains("kc-form-login").doesNotContain("id=\"subject\"");
        }
    }

    @Test
    void aTokenTheGatewayRefusesEndsTheSignInWith401AndTheReason() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        // The gateway's clock a day ahead of the realm's: every token the realm issues has expired by it.
        AdjustableClock dayAhead = new AdjustableClock();
        dayAhead.advance(java.time.Duration.ofDays(1));
        try (RunningGateway gateway = RunningGateway.start(work.resolve("ahead"), agencies, Map.of(), dayAhead)) {
            HttpResponse<String> failed = ConsoleHttp.attemptSignIn(gateway.baseUrl(), "liaison", "liaison");
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(401);
            assertThat(failed.body()).contains("id=\"sign-in-failure\"", "Jwt expired").doesNotContain("id=\"subject\"");
        }
    }
}
