package dev.squall.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code site export DIR}: every page as a file, every internal link relative and resolving to a file. */
class ExportTest {
    @Test
    @Timeout(120)
    void everyLinkOfTheExportedFilesResolvesToAFileAndAnchor(@TempDir Path dir) throws IOException {
        Site site = TestSite.site();
        int files = Export.export(site, dir);
        assertTrue(files > site.guides.size(), "only " + files + " files");
        assertTrue(Files.isRegularFile(dir.resolve("index.html")));
        assertTrue(Files.isRegularFile(dir.resolve("guide/web/index.html")));
        assertTrue(Files.isRegularFile(dir.resolve("static/site.css")));
        List<String> broken = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) all.filter(p -> p.toString().endsWith(".html"))::iterator) {
                if (dir.relativize(file).startsWith("api") && site.apiDir != null) {
                    continue; // javadoc's own relative links
                }
                String html = Files.readString(file, StandardCharsets.UTF_8);
                for (Crawler.Link link : Crawler.links(html)) {
                    String v = link.value();
                    if (v.contains(":") || v.startsWith("//")) {
                        continue;
                    }
                    if (link.isSiteAbsolute()) {
                        broken.add(dir.relativize(file) + ": still site-absolute: " + v);
                        continue;
                    }
                    Path target = v.startsWith("#")
                            ? file
                            : file.getParent().resolve(link.target()).normalize();
                    if (!Files.isRegularFile(target)) {
                        broken.add(dir.relativize(file) + ": " + v + " names no file");
                    } else if (!link.fragment().isEmpty()
                            && target.toString().endsWith(".html")
                            && !Crawler.ids(Files.readString(target, StandardCharsets.UTF_8))
                                    .contains(link.fragment())) {
                        broken.add(dir.relativize(file) + ": " + v + " names no id");
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void linksBecomeRelativeFileLinks() {
        String page = "<body data-root=\"/\"><a href=\"/guide/web/#cookies\">c</a>"
                + "<link href=\"/static/site.css?v=abc\"><a href=\"/\">home</a><a href=\"https://x.example/\">x</a>";
        String out = Export.relativize(page, "/guide/async/");
        assertTrue(out.contains("href=\"../../guide/web/index.html#cookies\""), out);
        assertTrue(out.contains("href=\"../../static/site.css\""), out);
        assertTrue(out.contains("href=\"../../index.html\""), out);
        assertTrue(out.contains("href=\"https://x.example/\""), out);
        assertTrue(out.contains("data-root=\"../../\""), out);
        assertFalse(Export.relativize(page, "/").contains("data-root=\"/\""));
    }
}
