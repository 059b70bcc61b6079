package dev.squall.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.TestClient;

/** What a browser does during a sign-in: follows the redirects between the site and the (fake) provider. */
final class Browser {
    private Browser() {}

    /** Returns a response's {@code Location}, asserting it is a redirect. */
    static String location(HttpResponse r) {
        assertEquals(302, r.code(), () -> "expected a redirect, got " + r.code() + ": " + r.bodyText());
        String location = r.header("Location");
        assertNotNull(location);
        return location;
    }

    /**
     * Starts a sign-in at {@code startPath} and follows it to the provider, which approves: returns the URL of
     * the provider's redirect back to the site (the callback, with code and state), not yet visited.
     */
    static String callbackUrl(TestClient client, String startPath) {
        String provider = location(client.fetch(startPath));
        return location(client.fetch(provider));
    }

    /** Signs in all the way: start, provider, callback; returns the site's answer to the callback. */
    static HttpResponse signIn(TestClient client, String startPath) {
        return client.fetch(callbackUrl(client, startPath));
    }

    /** Returns {@code url} with one query parameter's value replaced. */
    static String withParam(String url, String name, String value) {
        int i = url.indexOf(name + "=");
        int end = url.indexOf('&', i);
        return url.substring(0, i) + name + "=" + value + (end < 0 ? "" : url.substring(end));
    }
}
