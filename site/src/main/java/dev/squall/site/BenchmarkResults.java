package dev.squall.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the benchmark figures the site plots: for each suite, the newest fresh result the load harness wrote
 * ({@code benchmarks/results/*-<suite>.tsv}, ignored by git), else the committed snapshot
 * ({@code benchmarks/published/<suite>.tsv}), so a fresh clone shows the published figures and a machine that
 * ran the harness shows its own.
 */
final class BenchmarkResults {
    /** The suites, in the order the page shows them. */
    static final List<String> SUITES = List.of("load", "static");

    private BenchmarkResults() {}

    /**
     * Reads the figures of every suite that has any.
     *
     * @param root the repository root
     * @return the suites found, in {@link #SUITES} order
     * @throws IOException if a file cannot be read
     */
    static List<BenchmarkSuite> load(Path root) throws IOException {
        List<BenchmarkSuite> suites = new ArrayList<>();
        for (String suite : SUITES) {
            Optional<Path> fresh = newest(root.resolve("benchmarks/results"), "-" + suite + ".tsv");
            Path published = root.resolve("benchmarks/published/" + suite + ".tsv");
            Path file = fresh.orElse(published);
            if (Files.isRegularFile(file)) {
                String source = root.relativize(file).toString().replace('\\', '/');
                suites.add(BenchmarkSuite.parse(
                        suite, Files.readString(file, StandardCharsets.UTF_8), source, fresh.isEmpty()));
            }
        }
        return suites;
    }

    /** Returns the file in {@code dir} ending with {@code suffix} whose name (a UTC timestamp) sorts last. */
    private static Optional<Path> newest(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
