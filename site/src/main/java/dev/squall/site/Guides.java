package dev.squall.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads and renders every guide in the repository's {@code docs/} directory, in reading order: the guides named in
 * {@link #ORDER} first, then any other in alphabetical order, so a new guide appears without code changes.
 */
final class Guides {
    /** The reading order of the guides the site knows; a guide not listed comes after these. */
    static final List<String> ORDER = List.of(
            "tornado",
            "web",
            "async",
            "templates",
            "static",
            "security",
            "realtime",
            "httpclient",
            "database",
            "testing",
            "kotlin",
            "locale",
            "options",
            "architecture");

    private Guides() {}

    /**
     * Reads {@code docs/*.md} under {@code root}.
     *
     * @param root the repository root
     * @return the rendered guides in reading order
     * @throws IOException if the directory or a file cannot be read
     */
    static List<Guide> load(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(root.resolve("docs"))) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .sorted(Comparator.comparing(Guides::rank)
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
        List<Guide> guides = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String slug = name.substring(0, name.length() - 3);
            guides.add(new Guide(slug, renderFile(root, "docs/" + name, slug)));
        }
        return guides;
    }

    /**
     * Renders one Markdown file of the repository, its links mapped to the site.
     *
     * @param root the repository root
     * @param path the file, relative to the root, with {@code /}
     * @param fallbackTitle the title if the file has no level-1 heading
     * @return the rendered document
     * @throws IOException if the file cannot be read
     */
    static RenderedDoc renderFile(Path root, String path, String fallbackTitle) throws IOException {
        String markdown = Files.readString(root.resolve(path), StandardCharsets.UTF_8);
        return Markdown.render(markdown, fallbackTitle, href -> SiteUrls.mapRepositoryLink(path, href));
    }

    private static int rank(Path file) {
        String name = file.getFileName().toString();
        int i = ORDER.indexOf(name.substring(0, name.length() - 3));
        return i < 0 ? ORDER.size() : i;
    }
}
