package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static dev.squall.http.Raw.expectClose;
import static dev.squall.http.Raw.gzip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.ServerOptions;
import dev.squall.testing.SquallTest;
import dev.squall.testing.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Limits: each is answered with a real response, {@code Connection: close} and a close (except an idle
 * connection, which is just closed). Timeouts run in virtual time where a response to a request pipelined
 * ahead shows that the server has read the slow request's bytes; timeouts that start at the accept run in
 * real time, a few hundred milliseconds, and the tests wait for the server's answer or close.
 */
@SquallTest
class HttpServerLimitsTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    static HttpHandler app() {
        return Routes::handle;
    }

    private RawConnection c;

    @BeforeEach
    void connect(RawConnection connection) {
        c = connection;
    }

    @Test
    void hasTornadosDefaults() {
        assertEquals(64 * 1024, HttpServer.DEFAULT_MAX_HEADER_BYTES);
        assertEquals(100L * 1024 * 1024, HttpServer.DEFAULT_MAX_BODY_BYTES);
        assertEquals(Duration.ofSeconds(3600), HttpServer.DEFAULT_IDLE_TIMEOUT);
        assertEquals(Duration.ofSeconds(30), HttpServer.DEFAULT_HEADER_TIMEOUT);
    }

    @Nested
    class HeaderLimit {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.maxHeaderBytes(1024);
        }

        @Test
        void answers431ForOversizeHeaders() {
            c.send("GET /hello HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");
            expectClose(431, c.readResponse());
            c.assertClosed();
        }

        @Test
        void acceptsHeadersJustUnderTheLimit() {
            expect(
                    200,
                    c.send("GET /hello HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(900) + "\r\n\r\n")
                            .readResponse());
        }

        @Test
        void answers414ForAnOversizeStartLine() {
            expectClose(
                    414,
                    c.send("GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: h\r\n\r\n")
                            .readResponse());
            c.assertClosed();
        }
    }

    @Nested
    class BodyLimit {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.maxBodyBytes(10);
        }

        @Test
        void answers413ForAnOversizeContentLength() {
            expectClose(
                    413,
                    c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n")
                            .readResponse());
        }

        @Test
        void answers413ForAnOversizeChunkedBody() {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n");
            expectClose(413, c.readResponse());
        }

        @Test
        void acceptsABodyOfExactlyTheLimit() {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789");
            assertEquals("0123456789", expect(200, c.readResponse()).bodyText());
        }
    }

    @Nested
    class InflatedBodyLimit {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.maxBodyBytes(100).decompressRequest(true);
        }

        @Test
        void answers413ForAGzipBodyThatInflatesPastTheLimit() {
            byte[] gz = gzip("x".repeat(1000));
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length
                    + "\r\n\r\n");
            expectClose(413, c.send(gz).readResponse());
        }
    }

    @Nested
    class HeaderTimeout {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.headerTimeout(SHORT);
        }

        @Test
        void answers408WhenTheHeadIsTooSlow() {
            expectClose(408, c.send("GET /hello HTTP/1.1\r\nHo").readResponse());
            c.assertClosed();
        }

        @Test
        void appliesTheHeaderTimeoutToLaterRequestsOnAKeptConnection(VirtualTime time) {
            // One write: the first response comes after the server has parsed the batch, slow head included.
            expect(
                    200,
                    c.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\nGET /hello HTTP/1.1\r\nHo")
                            .readResponse());
            time.advance(SHORT);
            expectClose(408, c.readResponse());
            c.assertClosed();
        }

        @Test
        void closesAConnectionThatSendsNothing() {
            c.assertClosed();
        }
    }

    @Nested
    class IdleTimeout {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.idleTimeout(SHORT);
        }

        @Test
        void closesAnIdleKeptConnection(VirtualTime time) {
            expect(200, c.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").readResponse());
            time.advance(SHORT);
            c.assertClosed();
        }

        @Test
        void answers408WhenAChunkedBodyStallsLongerThanTheIdleTimeout(VirtualTime time) {
            c.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
            expect(200, c.readResponse()); // the server has read the stalled body too
            time.advance(SHORT);
            expectClose(408, c.readResponse());
        }
    }

    @Nested
    class BodyTimeout {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.bodyTimeout(SHORT);
        }

        @Test
        void answers408WhenTheBodyIsTooSlow(VirtualTime time) {
            c.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\nPOST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n"
                    + "12345");
            expect(200, c.readResponse()); // the server has read the slow body's head too
            time.advance(SHORT);
            RawResponse r = expectClose(408, c.readResponse());
            assertTrue(r.bodyText().contains("body"), r.bodyText());
        }
    }
}
