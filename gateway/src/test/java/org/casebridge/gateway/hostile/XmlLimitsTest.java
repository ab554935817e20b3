package org.casebridge.gateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every documented bound on a request's XML, at its boundary, on both SOAP endpoints: exactly the
 * limit is read, one more is refused with 400 MALFORMED_REQUEST. The bounded constructs sit in a
 * SOAP header block the gateway does not know (which SOAP lets it ignore), so a request that
 * passes the parser is answered as usual: the inbox with a token, and at the unauthenticated
 * signed endpoint UNAUTHENTICATED, which WS-Security can only say once the whole envelope is read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmlLimitsTest {

    private static final int DEPTH = 64;
    private static final int CHILDREN = 10_000;
    private static final int ELEMENTS = 200_000;
    private static final int ATTRIBUTES = 64;
    private static final int ATTRIBUTE_SIZE = 16 * 1024;
    private static final int TEXT = 16 * 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RunningGateway gateway;
    private String token;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory("xml-limits");
        gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate"));
        token = new AgencyRest("hohhot-amr", gateway.baseUrl()).token();
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    /** A bound, and the header block that reaches it with n. */
    record Limit(String name, int limit, IntFunction<String> header) {
        @Override
        public String toString() {
            return name + " " + limit;
        }
    }

    static Stream<Limit> limits() {
        return Stream.of(
                // Envelope and Header are two levels: the block nests the rest.
                new Limit("depth", DEPTH, n -> "<x:d>".repeat(n - 2) + "</x:d>".repeat(n - 2)),
                new Limit("child elements", CHILDREN, n -> "<x:c>" + "<x:e/>".repeat(n) + "</x:c>"),
                new Limit("attributes", ATTRIBUTES, n -> "<x:a " + IntStream.range(0, n).mapToObj(i -> "a" + i + "=\"v\"")
                        .collect(Collectors.joining(" ")) + "/>"),
                new Limit("attribute size", ATTRIBUTE_SIZE, n -> "<x:a v=\"" + "v".repeat(n) + "\"/>"),
                new Limit("text length", TEXT, n -> "<x:t>" + "t".repeat(n) + "</x:t>"),
                new Limit("elements", ELEMENTS, XmlLimitsTest::elements));
    }

    /**
     * n elements in all: Envelope, Header, Body, FetchInboxRequest and max are 5; the rest are
     * blocks of at most 9,999 empty children each, under the child bound.
     */
    private static String elements(int n) {
        StringBuilder header = new StringBuilder();
        int left = n - 5;
        while (left > 0) {
            int children = Math.min(9_999, left - 1);
            header.append("<x:c>").append("<x:e/>".repeat(children)).append("</x:c>");
            left -= children + 1;
        }
        return header.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void theLimitIsReadAndOneMoreIsRefused(Limit limit) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (boolean signed : List.of(false, true)) {
            HttpResponse<String> at = send(signed, limit.header().apply(limit.limit()));
            HttpResponse<String> over = send(signed, limit.header().apply(limit.limit() + 1));
            String where = signed ? "/signed" : "token";
            if (signed) {
                assertThat(at.statusCode()).as(where + " at the limit: " + abbreviate(at.body())).isEqualTo(400);
                assertThat(at.body()).as(where + " at the limit").contains("code>UNAUTHENTICATED</");
            } else {
                assertThat(at.statusCode()).as(where + " at the limit: " + abbreviate(at.body())).isEqualTo(200);
            }
            assertThat(over.statusCode()).as(where + " over the limit: " + abbreviate(over.body())).isEqualTo(400);
            assertThat(over.body()).as(where + " over the limit").contains("code>MALFORMED_REQUEST</");
            outcomes.add(where);
        }
        assertThat(outcomes).hasSize(2);
    }

    private HttpResponse<String> send(boolean signed, String header) throws Exception {
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cb=\"urn:casebridge:v1\""
                + " xmlns:x=\"urn:example:unknown-header\"><soap:Header>" + header + "</soap:Header><soap:Body>"
                + "<cb:FetchInboxRequest><cb:max>5</cb:max></cb:FetchInboxRequest></soap:Body></soap:Envelope>";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/services/gateway/v1" + (signed ? "/signed" : "")))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"urn:casebridge:gateway:v1:FetchInbox\"")
                .timeout(Duration.ofSeconds(60));
        if (!signed) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "..." : body;
    }
}
