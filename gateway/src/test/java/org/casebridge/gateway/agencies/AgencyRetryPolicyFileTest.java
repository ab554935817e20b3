package org.casebridge.gateway.agencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code delivery.retry} block of the agency file: read over the defaults, every problem listed at once. */
class AgencyRetryPolicyFileTest {

    private static final RetryPolicy DEFAULTS = RetryPolicy.progressive(Duration.ofMillis(500), Duration.ofSeconds(60), 2, 30);

    private static Map<String, Agency> read(String agencies) {
        String yaml = "version: 1\nagencies:\n" + agencies;
        return AgencyFileReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml", DEFAULTS);
    }

    @Test
    void readsBothBackoffsAndFallsBackToTheDefaultsFieldByField() {
        Map<String, Agency> agencies = read("""
                  - id: hohhot-amr
                    name: 呼和浩特市市场监督管理局
                    kind: ADMINISTRATIVE_AGENCY
                    delivery:
                      mode: PUSH_REST
                      endpoint: "https://amr.example/hook"
                      retry: { backoff: PROGRESSIVE, first-delay: PT1S, max-delay: PT5M, multiplier: 2, max-attempts: 20 }
                  - id: hohhot-psb
                    name: 呼和浩特市公安局
                    kind: POLICE
                    delivery: { mode: PUSH_SOAP, endpoint: "https://psb.example/soap", retry: { backoff: CONSTANT, first-delay: PT10S } }
                  - id: baotou-psb
                    name: 包头市公安局
                    kind: POLICE
                    delivery: { mode: PUSH_REST, endpoint: "https://bt.example/hook", retry: { max-attempts: 5 } }
                  - id: hohhot-procuratorate
                    name: 呼和浩特市人民检察院
                    kind: PROSECUTOR
                    delivery: { mode: PUSH_REST, endpoint: "https://hp.example/hook" }
                  - id: baotou-tax
                    name: 国家税务总局包头市税务局
                    kind: ADMINISTRATIVE_AGENCY
                    delivery: { mode: PULL }
                """);
        assertThat(agencies.get("hohhot-amr").retry())
                .isEqualTo(RetryPolicy.progressive(Duration.ofSeconds(1), Duration.ofMinutes(5), 2, 20));
        assertThat(agencies.get("hohhot-psb").retry()).isEqualTo(RetryPolicy.constant(Duration.ofSeconds(10), 30));
        assertThat(agencies.get("baotou-psb").retry())
                .isEqualTo(RetryPolicy.progressive(Duration.ofMillis(500), Duration.ofSeconds(60), 2, 5));
        assertThat(agencies.get("hohhot-procuratorate").retry()).isEqualTo(DEFAULTS);
        assertThat(agencies.get("baotou-tax").retry()).isEqualTo(DEFAULTS);
    }

    @Test
    void listsEveryRetryProblemAtOnceWithItsEntry() {
        assertThatThrownBy(() -> read("""
                  - id: hohhot-amr
                    name: 呼和浩特市市场监督管理局
                    kind: ADMINISTRATIVE_AGENCY
                    delivery:
                      mode: PUSH_REST
                      endpoint: "https://amr.example/hook"
                      retry: { backoff: EXPONENTIAL, first-delay: 1s, max-attempts: 0 }
                  - id: hohhot-psb
                    name: 呼和浩特市公安局
                    kind: POLICE
                    delivery: { mode: PUSH_REST, endpoint: "https://psb.example/hook", retry: { first-delay: PT2M, max-delay: PT1M, multiplier: 0.5 } }
                  - id: baotou-psb
                    name: 包头市公安局
                    kind: POLICE
                    delivery: { mode: PUSH_REST, endpoint: "https://bt.example/hook", retry: { backoff: CONSTANT, first-delay: PT1S, multiplier: 3 } }
                  - id: baotou-tax
                    name: 国家税务总局包头市税务局
                    kind: ADMINISTRATIVE_AGENCY
                    delivery: { mode: PULL, retry: { max-attempts: 3 } }
                  - id: ordos-psb
                    name: 鄂尔多斯市公安局
                    kind: POLICE
                    delivery: { mode: PUSH_REST, endpoint: "https://op.example/hook", retry: { first-delay: PT0S, max-delay: P2D } }
                """))
                .isInstanceOfSatisfying(InvalidAgencyFile.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "agencies[0] (hohhot-amr): delivery.retry.backoff must be one of [CONSTANT, PROGRESSIVE], found EXPONENTIAL",
                        "agencies[0] (hohhot-amr): delivery.retry.first-delay must be an ISO-8601 duration such as PT1S, found 1s",
                        "agencies[0] (hohhot-amr): delivery.retry.max-attempts must be between 1 and 10000, found 0",
                        "agencies[1] (hohhot-psb): delivery.retry.multiplier must be above 1 and at most 10, found 0.5",
                        "agencies[1] (hohhot-psb): delivery.retry.max-delay (PT1M) must not be shorter than first-delay (PT2M)",
                        "agencies[2] (baotou-psb): delivery.retry.max-delay and multiplier apply to backoff PROGRESSIVE only;"
                                + " CONSTANT waits first-delay every time",
                        "agencies[3] (baotou-tax): delivery.retry is set but mode PULL never pushes; remove it or choose a push mode",
                        "agencies[4] (ordos-psb): delivery.retry.first-delay must be positive and at most PT1H, found PT0S",
                        "agencies[4] (ordos-psb): delivery.retry.max-delay must be positive and at most PT24H, found P2D"));
    }

    @Test
    void anUnknownRetryFieldIsRefused() {
        assertThatThrownBy(() -> read("""
                  - id: hohhot-amr
                    name: 呼和浩特市市场监督管理局
                    kind: ADMINISTRATIVE_AGENCY
                    delivery: { mode: PUSH_REST, endpoint: "https://amr.example/hook", retry: { attempts: 3 } }
                """))
                .isInstanceOfSatisfying(InvalidAgencyFile.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("attempts"));
    }
}
