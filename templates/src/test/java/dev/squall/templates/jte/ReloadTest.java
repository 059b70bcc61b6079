package dev.squall.templates.jte;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates from a directory: reloaded when changed in debug mode, compiled once otherwise. */
@SquallTest
@SquallTimeout(60) // each test compiles its template
class ReloadTest {
    @TempDir
    Path dir;

    static final class Counter extends RequestHandler {
        @Override
        public void get() {
            render("counter.jte", Map.of("n", 1));
        }
    }

    Application build(boolean debug) {
        try {
            Files.writeString(dir.resolve("counter.jte"), "@param int n\n<p>count ${n}</p>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Application.builder()
                .templates(JteTemplates.fromDirectory(dir))
                .debug(debug)
                .route("/", Counter::new)
                .logFunction(h -> {})
                .build();
    }

    void change() throws IOException {
        Path file = dir.resolve("counter.jte");
        Files.writeString(file, "@param int n\n<p>changed ${n + 1}</p>\n");
        // Later than the compiled class, whatever the file system's time resolution.
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    }

    @Nested
    class InDebugMode {
        Application app() {
            return build(true);
        }

        @Test
        void aChangedTemplateIsSeenByTheNextRequest(TestClient client) throws IOException {
            assertEquals("<p>count 1</p>", client.fetch("/").bodyText().strip());
            change();
            assertEquals("<p>changed 2</p>", client.fetch("/").bodyText().strip());
        }
    }

    @Nested
    class OutsideDebugMode {
        Application app() {
            return build(false);
        }

        @Test
        void templatesAreCompiledOnceAtStart(TestClient client) throws IOException {
            assertEquals("<p>count 1</p>", client.fetch("/").bodyText().strip());
            change();
            assertEquals("<p>count 1</p>", client.fetch("/").bodyText().strip());
        }
    }
}
