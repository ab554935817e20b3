package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Warning levels are listed in the order they escalate: rising fractions, DEADLINE last. */
class RuleSetWarningOrderTest {

    private static RuleSet read(String warnings) {
        String yaml = """
                profile: test
                version: "1"
                zone: Asia/Shanghai
                calendar: cn
                countingSource: "CPL 105"
                defaultWarnings: %s
                clocks:
                  - id: a
                    name: {zh: 甲, en: A}
                    legalBasis: {instrument: I, article: Art. 1, source: I 1}
                    startEvent: RECEIVED
                    stopEvents: [REGISTERED]
                    duration: {amount: 2, unit: WORKING_DAYS}
                    startDayCounts: false
                    rollForward: true
                    custodyException: false
                    responsible: SENDER
                """.formatted(warnings);
        return RuleSetReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void levelsInEscalationOrderAreRead() {
        assertThat(read("[{level: HALF, at: 0.5}, {level: WARNING, at: 0.8}, {level: DUE, at: DUE_DAY}, {level: OVERDUE, at: DEADLINE}]")
                .clock("a").warnings()).extracting(WarningRule::level).containsExactly("HALF", "WARNING", "DUE", "OVERDUE");
    }

    @Test
    void fallingFractionsAndADeadlineBeforeOtherLevelsAreRefused() {
        assertThatThrownBy(() -> read("[{level: WARNING, at: 0.8}, {level: HALF, at: 0.5}]"))
                .hasMessageContaining("HALF at 0.5 must come after a smaller fraction");
        assertThatThrownBy(() -> read("[{level: OVERDUE, at: DEADLINE}, {level: DUE, at: DUE_DAY}]"))
                .hasMessageContaining("OVERDUE (DEADLINE) must be the last level listed");
    }
}
