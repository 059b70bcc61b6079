package dev.squall.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The home page's examples, highlighted: complete Java files kept as resources ({@code dev/squall/site/home/})
 * so that the site's tests compile them exactly as shown.
 *
 * @param helloApp the application and its handler
 * @param helloTest its four-line test
 * @param styles the same kind of handler in the three styles
 */
record Home(String helloApp, String helloTest, List<Example> styles) {
    /** The example files, in the order the page shows them. */
    static final List<String> FILES =
            List.of("Hello.java", "HelloTest.java", "Plain.java", "Chained.java", "Coroutine.java");

    Home {
        styles = List.copyOf(styles);
    }

    /**
     * One handler style.
     *
     * @param title its name
     * @param html its code, highlighted
     */
    record Example(String title, String html) {}

    /** Reads and highlights the examples. */
    static Home load() {
        return new Home(
                java("Hello.java"),
                java("HelloTest.java"),
                List.of(
                        new Example("Plain", java("Plain.java")),
                        new Example("Chained futures", java("Chained.java")),
                        new Example("Coroutine", java("Coroutine.java"))));
    }

    /** Returns example {@code file}'s source, without its import lines (the page shows the code). */
    static String source(String file) {
        try (InputStream in = Site.resource("home/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java(String file) {
        StringBuilder shown = new StringBuilder();
        for (String line : source(file).split("\n")) {
            if (!line.startsWith("import ") && !(shown.isEmpty() && line.isBlank())) {
                shown.append(line).append('\n');
            }
        }
        return Highlighter.highlight(shown.toString().stripTrailing(), "java");
    }
}
