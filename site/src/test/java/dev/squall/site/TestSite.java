package dev.squall.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** The site of this checkout, loaded once per test JVM. */
final class TestSite {
    private static Site site;

    private TestSite() {}

    /** Returns the repository root (the tests run in {@code site/}). */
    static Path root() {
        return Objects.requireNonNull(
                SiteMain.findRootAbove(Path.of("").toAbsolutePath()), "no repository with docs/ above " + Path.of(""));
    }

    /** Returns the site, loaded on first use. */
    static synchronized Site site() {
        if (site == null) {
            try {
                Path root = root();
                site = Site.load(
                        root, root.resolve("site/target/apidocs"), Files.createTempDirectory("squall-site-test"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return site;
    }
}
