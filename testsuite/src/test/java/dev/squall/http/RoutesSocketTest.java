package dev.squall.http;

import dev.squall.testing.TestClient;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the socket-level tests that talk raw HTTP/1.1 to {@link Routes} (with {@code RawConnection}): it names
 * the application the harness serves and keeps its port.
 */
abstract class RoutesSocketTest {
    /** The port the harness serves {@link #app()} on. */
    int port;

    static HttpHandler app() {
        return Routes::handle;
    }

    @BeforeEach
    void serve(TestClient client) {
        port = client.port();
    }
}
