package dev.squall.web;

import dev.squall.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * How web tests send requests to an {@link Application}: in memory ({@link InMemoryClient}) or over a real
 * socket. Test bodies use only this interface, so one body runs over both.
 */
interface WebClient {
    /**
     * Sends a request and waits (with a timeout) for the complete response.
     *
     * @param method the method
     * @param uri path and query
     * @param headers request headers
     * @param body request body
     * @return the response
     */
    TestResponse fetch(String method, String uri, HttpHeaders headers, byte[] body);

    default TestResponse get(String uri) {
        return fetch("GET", uri, new HttpHeaders(), new byte[0]);
    }

    default TestResponse get(String uri, String... headerNamesAndValues) {
        return fetch("GET", uri, headers(headerNamesAndValues), new byte[0]);
    }

    default TestResponse post(String uri, String contentType, String body) {
        return fetch("POST", uri, headers("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }
}
