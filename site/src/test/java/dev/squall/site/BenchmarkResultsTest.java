package dev.squall.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkResultsTest {
    private static final String TSV = "# date: 2026-12-07\n# command: benchmarks/load.sh\n"
            + "test\tserver\trps\tcpu_us_per_req\nplaintext\tSquall\t%s\t13.36\nplaintext\tVert.x\t51048\t13.89\n";

    @Test
    void theNewestFreshResultWinsOverThePublishedSnapshot(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("benchmarks/results"));
        Files.createDirectories(root.resolve("benchmarks/published"));
        Files.writeString(root.resolve("benchmarks/published/load.tsv"), TSV.formatted("1"));
        assertEquals(1, BenchmarkResults.load(root).get(0).rows().get(0).rps());
        assertTrue(BenchmarkResults.load(root).get(0).published());

        Files.writeString(root.resolve("benchmarks/results/20261207T010000Z-load.tsv"), TSV.formatted("2"));
        Files.writeString(root.resolve("benchmarks/results/20261207T020000Z-load.tsv"), TSV.formatted("3"));
        BenchmarkSuite suite = BenchmarkResults.load(root).get(0);
        assertEquals(3, suite.rows().get(0).rps());
        assertFalse(suite.published());
        assertEquals("benchmarks/results/20261207T020000Z-load.tsv", suite.source());
        assertEquals("benchmarks/load.sh", suite.meta("command", ""));
    }

    @Test
    void theCommittedSnapshotHasBothSuites() throws IOException {
        List<BenchmarkSuite> suites = BenchmarkResults.load(TestSite.root());
        assertEquals(
                List.of("load", "static"),
                suites.stream().map(BenchmarkSuite::name).toList());
        assertEquals(List.of("Squall", "Vert.x", "Netty"), suites.get(0).servers()); // load.sh since issue 12
    }

    @Test
    void aMalformedRowNamesTheFileAndLine() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BenchmarkSuite.parse(
                        "load", "test\tserver\trps\tcpu\nplaintext\tSquall\tfast\t1\n", "x.tsv", true));
        assertTrue(e.getMessage().startsWith("x.tsv:2: "), e.getMessage());
    }

    @Test
    void chartsHaveATitleAndOneBarPerServerAndTest() {
        BenchmarkSuite suite = BenchmarkSuite.parse("load", TSV.formatted("56004"), "x.tsv", true);
        String svg = BarChart.svg("c", "Hello", suite, BenchmarkSuite.Row::rps, " rps", 0);
        assertTrue(svg.startsWith("<svg") && svg.contains("<title id=\"c\">Hello</title>"), svg);
        assertTrue(svg.contains(">56,004 rps</text>"), svg);
        assertEquals(2 + 2, svg.split("<rect ").length - 1, "two legend squares and two bars");
    }
}
