package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.TestClient;

/** Fetching the pages the samples' tests check (their text: {@link dev.squall.testing.TextAssertions}). */
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
}
