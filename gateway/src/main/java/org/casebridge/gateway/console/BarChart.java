package org.casebridge.gateway.console;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of a horizontal bar chart, drawn as inline SVG by the template: a label column, bars
 * proportional to their value against the chart's maximum, the value as text after each bar.
 * Charts are drawn on the server, not by a chart library in the browser: the figures are already
 * here, the page needs no script to show them, works offline, prints, and a screen reader reads the
 * labels and values as text.
 *
 * @param max the value a full-width bar stands for (at least 1, so an all-zero chart draws empty bars)
 */
record BarChart(String title, double width, double height, double max, List<Bar> bars) {

    static final double LABEL_WIDTH = 170;
    static final double BAR_AREA = 340;
    static final double VALUE_WIDTH = 80;
    static final double ROW = 24;
    static final double BAR_HEIGHT = 16;
    static final double PADDING = 4;

    /** A value to draw, with the text shown for it. */
    record Item(String label, double value, String valueText) {
    }

    /**
     * @param labelY baseline of the label and value texts
     * @param valueX where the value text starts, just after the bar
     */
    record Bar(String label, String valueText, double value, double x, double y, double width, double height, double labelX,
            double labelY, double valueX) {
    }

    /** Bars scaled to the largest value. */
    static BarChart of(String title, List<Item> items) {
        return of(title, items, items.stream().mapToDouble(Item::value).max().orElse(0));
    }

    /** Bars scaled to a fixed maximum, e.g. 100 for percentages. */
    static BarChart of(String title, List<Item> items, double max) {
        double scale = Math.max(max, 1);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            double top = PADDING + i * ROW;
            double barWidth = round(BAR_AREA * Math.min(Math.max(item.value(), 0), scale) / scale);
            double baseline = round(top + ROW / 2 + 4);
            bars.add(new Bar(item.label(), item.valueText(), item.value(), LABEL_WIDTH, round(top + (ROW - BAR_HEIGHT) / 2),
                    barWidth, BAR_HEIGHT, LABEL_WIDTH - 6, baseline, round(LABEL_WIDTH + barWidth + 4)));
        }
        return new BarChart(title, LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, round(2 * PADDING + Math.max(items.size(), 1) * ROW),
                scale, List.copyOf(bars));
    }

    /** One decimal: enough for a pixel, and short in the page. */
    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
