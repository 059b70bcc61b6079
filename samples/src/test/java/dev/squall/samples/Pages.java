package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.TestClient;

/** Assertions on the pages and printed text the samples' tests check, naming what is missing or present. */
public final class Pages {
    private Pages() {}

    /**
     * Fetches a page that must be there.
     *
     * @param client the harness's client
     * @param pathOrUrl what to fetch
     * @return the body, as text
     * @throws AssertionError if the answer is not 200 (the message holds the body)
     */
    public static String fetchOk(TestClient client, String pathOrUrl) {
        HttpResponse r = client.fetch(pathOrUrl);
        assertEquals(200, r.code(), () -> "GET " + pathOrUrl + ": " + r.bodyText());
        return r.bodyText();
    }

    /**
     * Asserts that {@code text} contains each of {@code parts}.
     *
     * @param text a page or printed output
     * @param parts what it must contain
     * @throws AssertionError naming the first part missing, with the text
     */
    public static void assertContainsAll(String text, String... parts) {
        for (String part : parts) {
            if (!text.contains(part)) {
                fail("missing \"" + part + "\" in:\n" + text);
            }
        }
    }

    /**
     * Asserts that {@code text} contains none of {@code parts}.
     *
     * @param text a page or printed output
     * @param parts what it must not contain
     * @throws AssertionError naming the first part found, with the text
     */
    public static void assertContainsNone(String text, String... parts) {
        for (String part : parts) {
            if (text.contains(part)) {
                fail("unexpected \"" + part + "\" in:\n" + text);
            }
        }
    }
}
