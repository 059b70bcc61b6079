package dev.squall.site;

import java.util.List;

/**
 * One suite of benchmark figures as the page shows it: its charts and a table of the same numbers.
 *
 * @param id the section's anchor
 * @param title the section's title
 * @param suite the figures
 * @param rpsChart requests per second, as SVG
 * @param cpuChart CPU per request, as SVG
 */
record BenchmarkView(String id, String title, BenchmarkSuite suite, String rpsChart, String cpuChart) {
    /** Titles of the suites the harness writes; another suite is titled by its file's {@code title} line. */
    private static final List<List<String>> TITLES = List.of(
            List.of("load", "Hello world: Squall vs Vert.x vs Netty"),
            List.of("static", "Static files: Squall vs Vert.x web"));

    /** Builds the view of a suite. */
    static BenchmarkView of(BenchmarkSuite suite) {
        String fallback = TITLES.stream()
                .filter(t -> t.get(0).equals(suite.name()))
                .map(t -> t.get(1))
                .findFirst()
                .orElse(suite.name());
        String title = suite.meta("title", fallback);
        String id = "bench-" + suite.name();
        return new BenchmarkView(
                id,
                title,
                suite,
                BarChart.svg(
                        id + "-rps",
                        title + ": requests per second (higher is better)",
                        suite,
                        BenchmarkSuite.Row::rps,
                        " rps",
                        0),
                BarChart.svg(
                        id + "-cpu",
                        title + ": server CPU per request (lower is better)",
                        suite,
                        BenchmarkSuite.Row::cpuMicrosPerRequest,
                        " µs",
                        2));
    }

    /** Formats a figure for the table. */
    String format(double value, int decimals) {
        return BarChart.format(value, decimals);
    }
}
