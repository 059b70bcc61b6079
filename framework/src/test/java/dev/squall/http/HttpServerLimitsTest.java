package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.RawHttpClient.Response;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Limits: each is answered with a real response, {@code Connection: close} and a close (except an idle
 * connection, which is just closed). Timeouts are a few hundred milliseconds; the tests wait for the server's
 * close, with the socket timeout only as a safety net.
 */
class HttpServerLimitsTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    private HttpServer server;

    @AfterEach void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test void hasTornadosDefaults() {
        assertEquals(64 * 1024, HttpServer.DEFAULT_MAX_HEADER_BYTES);
        assertEquals(100L * 1024 * 1024, HttpServer.DEFAULT_MAX_BODY_BYTES);
        assertEquals(Duration.ofSeconds(3600), HttpServer.DEFAULT_IDLE_CONNECTION_TIMEOUT);
        assertEquals(Duration.ofSeconds(30), HttpServer.DEFAULT_HEADER_TIMEOUT);
    }

    @Test void answers431ForOversizeHeaders() throws Exception {
        server = TestServers.start(b -> b.maxHeaderBytes(1024));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("GET /hello HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");
            c.read().assertCode(431).assertConnectionClose();
            c.assertClosedByServer();
        }
    }

    @Test void acceptsHeadersJustUnderTheLimit() throws Exception {
        server = TestServers.start(b -> b.maxHeaderBytes(1024));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("GET /hello HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(900) + "\r\n\r\n");
            c.read().assertCode(200);
        }
    }

    @Test void answers414ForAnOversizeStartLine() throws Exception {
        server = TestServers.start(b -> b.maxHeaderBytes(1024));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: h\r\n\r\n");
            c.read().assertCode(414).assertConnectionClose();
            c.assertClosedByServer();
        }
    }

    @Test void answers413ForAnOversizeContentLength() throws Exception {
        server = TestServers.start(b -> b.maxBodyBytes(10));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n");
            c.read().assertCode(413).assertConnectionClose();
        }
    }

    @Test void answers413ForAnOversizeChunkedBody() throws Exception {
        server = TestServers.start(b -> b.maxBodyBytes(10));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n");
            c.read().assertCode(413).assertConnectionClose();
        }
    }

    @Test void answers413ForAGzipBodyThatInflatesPastTheLimit() throws Exception {
        server = TestServers.start(b -> b.maxBodyBytes(100).decompressRequest(true));
        byte[] gz = HttpServerTest.gzip("x".repeat(1000));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n");
            c.send(gz);
            c.read().assertCode(413).assertConnectionClose();
        }
    }

    @Test void acceptsABodyOfExactlyTheLimit() throws Exception {
        server = TestServers.start(b -> b.maxBodyBytes(10));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789");
            assertEquals("0123456789", c.read().assertCode(200).text());
        }
    }

    @Test void answers408WhenTheHeadIsTooSlow() throws Exception {
        server = TestServers.start(b -> b.headerTimeout(SHORT));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("GET /hello HTTP/1.1\r\nHo");
            Response r = c.read().assertCode(408);
            r.assertConnectionClose();
            c.assertClosedByServer();
        }
    }

    @Test void appliesTheHeaderTimeoutToLaterRequestsOnAKeptConnection() throws Exception {
        server = TestServers.start(b -> b.headerTimeout(SHORT));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").read().assertCode(200);
            c.send("GET /hello HTTP/1.1\r\nHo");
            c.read().assertCode(408).assertConnectionClose();
            c.assertClosedByServer();
        }
    }

    @Test void closesAConnectionThatSendsNothing() throws Exception {
        server = TestServers.start(b -> b.headerTimeout(SHORT));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.assertClosedByServer();
        }
    }

    @Test void closesAnIdleKeptConnection() throws Exception {
        server = TestServers.start(b -> b.idleConnectionTimeout(SHORT));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").read().assertCode(200);
            c.assertClosedByServer();
        }
    }

    @Test void answers408WhenTheBodyIsTooSlow() throws Exception {
        server = TestServers.start(b -> b.bodyTimeout(SHORT));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n12345");
            Response r = c.read().assertCode(408);
            r.assertConnectionClose();
            assertTrue(r.text().contains("body"), r.text());
        }
    }

    @Test void answers408WhenAChunkedBodyStallsLongerThanTheIdleTimeout() throws Exception {
        server = TestServers.start(b -> b.idleConnectionTimeout(SHORT));
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
            c.read().assertCode(408).assertConnectionClose();
        }
    }
}
