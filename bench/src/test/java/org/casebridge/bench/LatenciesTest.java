package org.casebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void nearestRankPercentiles() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        for (int i = 1; i <= 100; i++) {
            (i % 2 == 0 ? a : b).add(i * 1_000_000L);
        }
        Latencies.Summary s = Latencies.summarize(List.of(a, b));
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50()).isEqualTo(50.0);
        assertThat(s.p99()).isEqualTo(99.0);
        assertThat(s.max()).isEqualTo(100.0);
        assertThat(Args.parseSize("200k")).isEqualTo(204_800);
        assertThat(Args.parseSize("1GB")).isEqualTo(1L << 30);
        assertThat(Settings.sizeLabel(204_800)).isEqualTo("200k");
        assertThat(Settings.sizeLabel(10L << 20)).isEqualTo("10m");
    }
}
