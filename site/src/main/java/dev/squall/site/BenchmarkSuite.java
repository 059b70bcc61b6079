package dev.squall.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The median figures of one run of a load harness ({@code benchmarks/load.sh} or {@code static.sh}), as the
 * harness writes them to {@code benchmarks/results/<time>-<suite>.tsv} and {@code benchmarks/publish.sh} copies
 * them to {@code benchmarks/published/<suite>.tsv}:
 *
 * <pre>
 * # title: Squall vs Vert.x: plaintext and JSON
 * # date: 2026-12-07 00:25 UTC
 * # machine: 2 CPUs, Linux 6.1; openjdk 25
 * # command: benchmarks/load.sh --reps=2
 * # commit: fdd5a09
 * test	server	rps	cpu_us_per_req
 * plaintext, 256 conn	Squall	56004	13.36
 * </pre>
 *
 * @param name the suite ({@code load}, {@code static}): the file name's last part
 * @param meta the {@code # key: value} lines, in order
 * @param rows the figures, in file order
 * @param source where they were read from, relative to the repository root
 * @param published whether they come from the committed snapshot rather than a fresh run
 */
record BenchmarkSuite(String name, Map<String, String> meta, List<Row> rows, String source, boolean published) {
    BenchmarkSuite {
        meta = Map.copyOf(meta);
        rows = List.copyOf(rows);
    }

    /**
     * One server's median figures on one test.
     *
     * @param test the test, e.g. {@code plaintext, 256 conn}
     * @param server the server, e.g. {@code Squall}
     * @param rps requests per second
     * @param cpuMicrosPerRequest server CPU time per request, in microseconds
     */
    record Row(String test, String server, double rps, double cpuMicrosPerRequest) {}

    /** Returns metadata {@code key}, or {@code fallback}. */
    String meta(String key, String fallback) {
        return meta.getOrDefault(key, fallback);
    }

    /** Returns the tests in first-seen order. */
    List<String> tests() {
        return rows.stream().map(Row::test).distinct().toList();
    }

    /** Returns the servers in first-seen order. */
    List<String> servers() {
        return rows.stream().map(Row::server).distinct().toList();
    }

    /**
     * Parses the TSV form (above).
     *
     * @param name the suite's name
     * @param text the file's content
     * @param source the file, for messages and the page
     * @param published whether it is the committed snapshot
     * @return the suite
     * @throws IllegalArgumentException naming the file and line, if a row is malformed
     */
    static BenchmarkSuite parse(String name, String text, String source, boolean published) {
        Map<String, String> meta = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        boolean header = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    meta.put(
                            line.substring(1, colon).strip(),
                            line.substring(colon + 1).strip());
                }
                continue;
            }
            String[] cells = lines[i].split("\t");
            if (!header) {
                header = true;
                if (cells.length >= 4 && cells[0].equals("test")) {
                    continue;
                }
            }
            try {
                if (cells.length < 4) {
                    throw new NumberFormatException("4 tab-separated columns expected, found " + cells.length);
                }
                rows.add(new Row(cells[0], cells[1], Double.parseDouble(cells[2]), Double.parseDouble(cells[3])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": not a row of test, server, rps,"
                        + " cpu_us_per_req (" + e.getMessage() + "): " + lines[i]);
            }
        }
        return new BenchmarkSuite(name, meta, rows, source, published);
    }
}
