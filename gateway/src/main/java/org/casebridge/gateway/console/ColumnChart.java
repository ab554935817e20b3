package org.casebridge.gateway.console;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of a column chart over consecutive days (the daily trend), drawn as inline SVG by
 * the template for the reasons {@link BarChart} gives. Each column carries its count as text above
 * it (when not zero); every {@code tickEvery}-th day is named under the axis.
 */
record ColumnChart(String title, double width, double height, double baseline, double max, List<Column> columns) {

    static final double WIDTH = 590;
    static final double PLOT_HEIGHT = 140;
    static final double TOP = 16;
    static final double AXIS_LABELS = 20;
    static final int MAX_TICKS = 10;

    record Item(String label, long value) {
    }

    /**
     * @param centerX where the value and tick texts are centred
     * @param tick    whether the label is shown under the axis
     */
    record Column(String label, long value, double x, double y, double width, double height, double centerX, double valueY,
            boolean tick) {
    }

    static ColumnChart of(String title, List<Item> items) {
        double max = Math.max(1, items.stream().mapToLong(Item::value).max().orElse(0));
        double slot = items.isEmpty() ? WIDTH : WIDTH / items.size();
        double columnWidth = BarChart.round(Math.max(1, slot * 0.8));
        int tickEvery = Math.max(1, (int) Math.ceil(items.size() / (double) MAX_TICKS));
        double baseline = TOP + PLOT_HEIGHT;
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            double height = BarChart.round(PLOT_HEIGHT * Math.max(item.value(), 0) / max);
            double x = BarChart.round(i * slot + (slot - columnWidth) / 2);
            boolean tick = (items.size() - 1 - i) % tickEvery == 0;
            columns.add(new Column(item.label(), item.value(), x, BarChart.round(baseline - height), columnWidth, height,
                    BarChart.round(i * slot + slot / 2), BarChart.round(baseline - height - 3), tick));
        }
        return new ColumnChart(title, WIDTH, baseline + AXIS_LABELS, baseline, max, List.copyOf(columns));
    }
}
