package dev.squall.templates.jte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Templates precompiled by jte-maven-plugin (this module's build precompiles src/test/jte into
 * {@code dev.squall.templates.jte.precompiled}): loaded from the class path, nothing compiled at run time.
 */
@SquallTest
class PrecompiledTest {
    static final JteTemplates PRECOMPILED = JteTemplates.precompiled("dev.squall.templates.jte.precompiled");

    Application app() {
        return JteRenderingTest.base(false).templates(PRECOMPILED).build();
    }

    @Test
    void theSamePageRendersFromPrecompiledClasses(TestClient client) {
        String body = client.fetch(
                        client.request("/home").header("Accept-Language", "es").build())
                .bodyText();
        assertTrue(body.contains("<title>Inicio</title>"), body);
        assertTrue(body.contains("<div class=\"entry\">first &lt;one&gt;</div>"), body);
        assertTrue(body.contains("initEntries();"), body);
    }

    @Test
    void precompiledTemplatesNeedNoCompiler() {
        assertFalse(PRECOMPILED.reloading());
        assertEquals(
                "Hello &lt;x&gt;",
                PRECOMPILED
                        .renderString("note.txt.jte", Map.of("name", "<x>"), null)
                        .strip());
    }
}
