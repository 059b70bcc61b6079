package dev.squall.site;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws a horizontal grouped bar chart as inline SVG, on the server: one group per test, one bar per server,
 * each bar labelled with its value, a legend on top. The SVG has a {@code <title>} and is
 * {@code role="img"}; the page puts the same figures in a table for screen readers and for copying.
 */
final class BarChart {
    /** Bar colours by server position; the first (Squall) is the site's accent. Each has 4.5:1 on white. */
    private static final List<String> COLOURS = List.of("#1d5fb4", "#b34700", "#5a5a5a", "#6b3fa0");

    private static final int WIDTH = 720;
    private static final int MAX_LABEL_WIDTH = 300;
    /** Roughly a character's width at the chart's 13 px font. */
    private static final int CHAR_WIDTH = 7;

    private static final int VALUE_WIDTH = 90;
    private static final int BAR_HEIGHT = 18;
    private static final int BAR_GAP = 4;
    private static final int GROUP_GAP = 16;
    private static final int LEGEND_HEIGHT = 30;

    private BarChart() {}

    /**
     * Returns the chart.
     *
     * @param id a unique id in the page, for the title's reference
     * @param title the chart's title (also its accessible name)
     * @param suite the figures
     * @param value which figure each bar shows
     * @param unit appended to each value label, e.g. {@code " rps"}
     * @param decimals decimals of the value labels
     * @return an {@code <svg>} element
     */
    static String svg(
            String id,
            String title,
            BenchmarkSuite suite,
            ToDoubleFunction<BenchmarkSuite.Row> value,
            String unit,
            int decimals) {
        List<String> tests = suite.tests();
        List<String> servers = suite.servers();
        double max = suite.rows().stream().mapToDouble(value).max().orElse(1);
        if (max <= 0) {
            max = 1;
        }
        int groupHeight = servers.size() * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
        int height = LEGEND_HEIGHT + tests.size() * (groupHeight + GROUP_GAP);
        int longest = tests.stream().mapToInt(String::length).max().orElse(0);
        int labelWidth = Math.min(MAX_LABEL_WIDTH, 16 + CHAR_WIDTH * longest);
        int barSpace = WIDTH - labelWidth - VALUE_WIDTH;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-labelledby=\"")
                .append(id)
                .append("\"><title id=\"")
                .append(id)
                .append("\">");
        escape(title, svg);
        svg.append("</title>");
        int x = labelWidth;
        for (int s = 0; s < servers.size(); s++) {
            svg.append("<rect x=\"")
                    .append(x)
                    .append("\" y=\"6\" width=\"14\" height=\"14\" fill=\"")
                    .append(colour(s))
                    .append("\"/><text x=\"")
                    .append(x + 20)
                    .append("\" y=\"18\">");
            escape(servers.get(s), svg);
            svg.append("</text>");
            x += 40 + 8 * servers.get(s).length();
        }
        int y = LEGEND_HEIGHT;
        for (String test : tests) {
            svg.append("<text class=\"label\" x=\"")
                    .append(labelWidth - 8)
                    .append("\" y=\"")
                    .append(y + groupHeight / 2 + 5)
                    .append("\" text-anchor=\"end\">");
            escape(test, svg);
            svg.append("</text>");
            for (int s = 0; s < servers.size(); s++) {
                String server = servers.get(s);
                BenchmarkSuite.Row row = suite.rows().stream()
                        .filter(r -> r.test().equals(test) && r.server().equals(server))
                        .findFirst()
                        .orElse(null);
                if (row != null) {
                    double v = value.applyAsDouble(row);
                    int w = (int) Math.max(1, Math.round(v / max * barSpace));
                    svg.append("<rect x=\"")
                            .append(labelWidth)
                            .append("\" y=\"")
                            .append(y)
                            .append("\" width=\"")
                            .append(w)
                            .append("\" height=\"")
                            .append(BAR_HEIGHT)
                            .append("\" fill=\"")
                            .append(colour(s))
                            .append("\"/><text x=\"")
                            .append(labelWidth + w + 6)
                            .append("\" y=\"")
                            .append(y + BAR_HEIGHT - 4)
                            .append("\">")
                            .append(format(v, decimals))
                            .append(unit)
                            .append("</text>");
                }
                y += BAR_HEIGHT + BAR_GAP;
            }
            y += GROUP_GAP - BAR_GAP;
        }
        return svg.append("</svg>").toString();
    }

    /** Formats {@code v} with {@code decimals} decimals and thousands separators. */
    static String format(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String colour(int index) {
        return COLOURS.get(index % COLOURS.size());
    }

    private static void escape(String s, StringBuilder out) {
        Highlighter.escape(s, 0, s.length(), out);
    }
}
