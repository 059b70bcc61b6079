package dev.squall.web;

import dev.squall.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A response as a test client received it.
 *
 * @param status the status code
 * @param reason the reason phrase
 * @param headers the response headers
 * @param body the body bytes
 */
record TestResponse(int status, String reason, HttpHeaders headers, byte[] body) {
    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Nullable
    String header(String name) {
        return headers.get(name);
    }
}
