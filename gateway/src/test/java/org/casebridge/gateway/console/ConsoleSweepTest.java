package org.casebridge.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.ConsoleHttp;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every console page, fragment, download and step, for every kind of person the realm has: none
 * answers with a 5xx, whatever the person may read (the operator and the auditor belong to no
 * agency; the operator reads no cases at all), for a handoff that exists and one that does not,
 * and with parameters that make no sense.
 */
class ConsoleSweepTest {

    private static final List<String> PEOPLE = List.of("operator", "auditor", "liaison", "police", "prosecutor");
    private static final String HANDOFF = "hohhot-amr-h-sweep-1";

    @TempDir
    Path work;

    @Test
    void noConsoleUrlAnswers5xxToAnyone() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
            assertThat(new AgencyRest("hohhot-amr", gateway.baseUrl())
                    .submit(Messages.withoutAttachments(Messages.referral(HANDOFF, "hohhot-amr-m-sweep-1"))).status()).isEqualTo(201);
            String dispatch = gateway.context().getBean(JdbcClient.class)
                    .sql("SELECT dispatch_id FROM dispatch WHERE message_id = 'hohhot-amr-m-sweep-1' AND recipient_agency = 'hohhot-psb'")
                    .query(String.class).single();

            List<String> failures = new ArrayList<>();
            int requests = 0;
            for (String person : PEOPLE) {
                ConsoleHttp session = ConsoleHttp.signIn(gateway.baseUrl(), person, person);
                for (String path : pages(dispatch)) {
                    HttpResponse<String> response = session.get(path);
                    requests++;
                    if (response.statusCode() >= 500) {
                        failures.add(person + " GET " + path + " -> " + response.statusCode() + ": " + abbreviate(response.body()));
                    }
                }
                for (String path : List.of("/console/events", "/console/events?handoff=" + HANDOFF, "/console/events?handoff=nowhere")) {
                    try (ConsoleHttp.EventStream stream = session.events(path)) {
                        requests++;
                        if (stream.status() >= 500) {
                            failures.add(person + " GET " + path + " -> " + stream.status());
                        }
                    }
                }
                for (String handoff : List.of(HANDOFF, "hohhot-amr-h-nowhere")) {
                    for (String action : List.of("acknowledge", "request-supplement", "decide-register", "decide-refuse", "escalate", "nope")) {
                        String path = "/console/handoffs/" + handoff + "/actions/" + action;
                        HttpResponse<String> response = session.post("/console/handoffs", path,
                                Map.of("dispatch", dispatch, "missingItems", "", "caseNumber", "", "reasons", ""));
                        requests++;
                        if (response.statusCode() >= 500) {
                            failures.add(person + " POST " + path + " -> " + response.statusCode() + ": " + abbreviate(response.body()));
                        }
                    }
                }
            }
            assertThat(failures).as("of " + requests + " requests").isEmpty();
            assertThat(requests).isGreaterThan(PEOPLE.size() * 40);
        }
    }

    /** Every GET mapping of the console controllers, with sensible and senseless parameters. */
    private static List<String> pages(String dispatch) {
        List<String> pages = new ArrayList<>(List.of("/console", "/console?lang=en", "/console?lang=xx",
                "/console/handoffs", "/console/handoffs?lang=en", "/console/handoffs?sort=nope&dir=sideways&page=-1&size=100000",
                "/console/handoffs?from=2026-13-40&to=yesterday", "/console/handoffs?from=2026-12-01&to=2026-01-01",
                "/console/handoffs?state=NOPE&type=NOPE&warning=NOPE&direction=NOPE&agency=nowhere&q=%25%27%22%3C",
                "/console/handoffs/rows", "/console/handoffs/rows?page=999999", "/console/handoffs/rows?state=NOPE",
                "/console/handoffs.csv", "/console/handoffs.csv?sort=nope&from=bad",
                "/console/dashboard", "/console/dashboard?lang=en", "/console/dashboard?from=2026-01-01&to=2026-12-31",
                "/console/dashboard?from=2026-12-01&to=2026-01-01", "/console/dashboard?from=bad&to=worse",
                "/console/dashboard?from=0001-01-01&to=9999-12-31",
                "/console/dashboard/figures", "/console/dashboard/figures?from=2026-01-01", "/console/dashboard/figures?from=bad",
                "/console/dashboard/nope.csv"));
        for (String table : List.of("open-by-state", "open-by-agency", "on-time", "trend")) {
            pages.add("/console/dashboard/" + table + ".csv");
            pages.add("/console/dashboard/" + table + ".csv?from=2026-12-01&to=2026-01-01");
        }
        for (String handoff : List.of(HANDOFF, "hohhot-amr-h-nowhere", "%E6%A1%88")) {
            String page = "/console/handoffs/" + handoff;
            pages.addAll(List.of(page, page + "?done=acknowledge", page + "?done=nope", page + "/live", page + "/signatures"));
        }
        pages.add("/console/handoffs/" + HANDOFF + "?dispatch=" + dispatch);
        return pages;
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
