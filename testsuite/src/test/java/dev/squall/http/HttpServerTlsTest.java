package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.SquallTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTPS: the server on the harness's self-signed certificate for localhost, which the client trusts alone. */
@SquallTest(https = true)
class HttpServerTlsTest {
    static HttpHandler app() {
        return Routes::handle;
    }

    private RawConnection c;

    @BeforeEach
    void connect(RawConnection connection) {
        c = connection; // over TLS, as the class is @SquallTest(https = true)
    }

    @Test
    void servesHttps() {
        RawResponse r = expect(
                200, c.send("GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse());
        assertEquals("https", r.header("X-Protocol"));
        c.send("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals("Hello, world", expect(200, c.readResponse()).bodyText());
    }

    @Test
    void readsBodiesAndSendsLargeResponsesOverTls() {
        RawResponse r = expect(
                200,
                c.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5\r\nhello\r\n0\r\n\r\n")
                        .readResponse());
        assertEquals("hello", r.bodyText());
        r = expect(
                200,
                c.send("GET /big?1000000 HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse());
        assertEquals(1_000_000, r.body().length);
    }
}
