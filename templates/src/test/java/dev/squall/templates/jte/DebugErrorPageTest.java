package dev.squall.templates.jte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.ExpectLog;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import org.junit.jupiter.api.Test;

/** In debug mode the 500 page of a failing template names the template, the line and the cause. */
@SquallTest
@dev.squall.testing.SquallTimeout(60)
class DebugErrorPageTest {
    Application app() {
        return JteRenderingTest.base(true).build();
    }

    @Test
    void theDebugPageNamesTemplateLineAndCause(TestClient client) {
        try (ExpectLog log = ExpectLog.expect("dev.squall.application", JteRenderingTest::namesBrokenLine3)) {
            HttpResponse r = client.fetch("/broken");
            assertEquals(500, r.code());
            String body = r.bodyText();
            assertTrue(body.contains("broken.jte:3"), body);
            assertTrue(body.contains("ArithmeticException"), body);
            assertFalse(body.contains("<p>before</p>"), body);
        }
    }
}
