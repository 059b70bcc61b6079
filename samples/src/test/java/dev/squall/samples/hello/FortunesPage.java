package dev.squall.samples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;

/**
 * What a Fortunes page (TechEmpower's test, the {@code hello/fortunes.jte} template) must be, whichever sample
 * serves it: the hello sample from {@link Fortune#ROWS}, the bench sample from the database.
 */
public final class FortunesPage {
    private FortunesPage() {}

    /**
     * Asserts that {@code r} is a Fortunes page: 200, HTML in UTF-8, a header and 13 rows (the 12 fortunes and the
     * one added per request), sorted by message, markup escaped, Japanese intact.
     *
     * @param r the response to {@code GET /fortunes}
     * @return the body, for more checks
     */
    public static String assertFortunesPage(HttpResponse r) {
        String body = r.bodyText();
        assertEquals(200, r.code(), body);
        assertEquals("text/html; charset=UTF-8", r.header("Content-Type"));
        assertEquals(14, body.split("<tr>", -1).length - 1, "a header and 13 rows: " + body);
        assertTrue(body.contains("&lt;script&gt;"), body);
        assertTrue(body.contains("フレームワークのベンチマーク"), body);
        assertTrue(body.indexOf("Additional fortune") < body.indexOf("After enough decimal"), "sorted by message");
        return body;
    }
}
