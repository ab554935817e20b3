package org.casebridge.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The geometry of the server-drawn charts: bars proportional to their values, labels where they belong. */
class ChartsTest {

    @Test
    void barsAreProportionalToTheLargestValueAndCarryTheirLabelsAndValues() {
        BarChart chart = BarChart.of("Open by state", List.of(new BarChart.Item("受理", 4, "4"),
                new BarChart.Item("审查", 2, "2"), new BarChart.Item("退回", 1, "1")));

        assertThat(chart.bars()).extracting(BarChart.Bar::width).containsExactly(BarChart.BAR_AREA, BarChart.BAR_AREA / 2, BarChart.BAR_AREA / 4);
        assertThat(chart.bars()).extracting(BarChart.Bar::label).containsExactly("受理", "审查", "退回");
        assertThat(chart.bars()).extracting(BarChart.Bar::valueText).containsExactly("4", "2", "1");
        assertThat(chart.bars()).allSatisfy(bar -> {
            assertThat(bar.x()).isEqualTo(BarChart.LABEL_WIDTH);
            assertThat(bar.labelX()).isLessThan(bar.x());
            assertThat(bar.valueX()).isGreaterThan(bar.x() + bar.width());
        });
        // one row each, below each other, inside the drawing
        assertThat(chart.bars().get(1).y() - chart.bars().get(0).y()).isEqualTo(BarChart.ROW);
        BarChart.Bar last = chart.bars().get(2);
        assertThat(last.y() + last.height()).isLessThanOrEqualTo(chart.height());
        assertThat(chart.width()).isEqualTo(BarChart.LABEL_WIDTH + BarChart.BAR_AREA + BarChart.VALUE_WIDTH);
    }

    @Test
    void rateBarsScaleToAFixedMaximumAndStayInsideTheChart() {
        BarChart chart = BarChart.of("On time", List.of(new BarChart.Item("a", 75, "75.0 %"), new BarChart.Item("b", 130, "?")), 100);

        assertThat(chart.bars().get(0).width()).isCloseTo(BarChart.BAR_AREA * 0.75, within(0.05));
        assertThat(chart.bars().get(1).width()).as("clipped at the maximum").isEqualTo(BarChart.BAR_AREA);
    }

    @Test
    void anEmptyOrAllZeroChartDrawsNothingWithoutDividingByZero() {
        BarChart zeros = BarChart.of("none", List.of(new BarChart.Item("a", 0, "0")));
        assertThat(zeros.bars()).extracting(BarChart.Bar::width).containsExactly(0.0);
        BarChart empty = BarChart.of("none", List.of());
        assertThat(empty.bars()).isEmpty();
        assertThat(empty.height()).isPositive();
    }

    @Test
    void columnsStandOnTheBaselineProportionalToTheirCountWithTicksCountedFromTheLastDay() {
        List<ColumnChart.Item> days = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            days.add(new ColumnChart.Item(String.format("03-%02d", i + 1), i == 29 ? 8 : i == 10 ? 2 : 0));
        }
        ColumnChart chart = ColumnChart.of("Opened per day", days);

        assertThat(chart.columns()).hasSize(30);
        ColumnChart.Column highest = chart.columns().get(29);
        ColumnChart.Column low = chart.columns().get(10);
        assertThat(highest.height()).isEqualTo(ColumnChart.PLOT_HEIGHT);
        assertThat(low.height()).isCloseTo(ColumnChart.PLOT_HEIGHT / 4, within(0.05));
        assertThat(chart.columns().get(0).height()).isZero();
        assertThat(chart.columns()).allSatisfy(c -> {
            assertThat(c.y() + c.height()).isCloseTo(chart.baseline(), within(0.05));
            assertThat(c.x() + c.width()).isLessThanOrEqualTo(chart.width());
        });
        assertThat(chart.columns().get(1).x()).isGreaterThan(chart.columns().get(0).x() + chart.columns().get(0).width());
        assertThat(highest.tick()).as("the last day is always named").isTrue();
        assertThat(chart.columns().stream().filter(ColumnChart.Column::tick).count()).isEqualTo(10);
        assertThat(chart.columns().get(26).tick()).isTrue();
        assertThat(chart.columns().get(27).tick()).isFalse();
    }
}
