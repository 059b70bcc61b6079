package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections that went idle and come back: an idle connection keeps no parser state of its own (its loop's
 * connections share the head parser's tables, and its headers are dropped), so what a connection parses after an
 * idle period, while other connections of the same loop parse theirs, must be exactly what it sent.
 */
@SquallTest
class HttpServerIdleReuseTest {
    static HttpHandler app() {
        return Routes::handle;
    }

    private static final int CONNECTIONS = 4;

    /** Two pipelined requests for connection {@code i}: its own Host, header and body, so a mix-up shows. */
    private static byte[] pipelinedPair(int i) {
        String body = "body-of-" + i;
        return ("POST /echo?first HTTP/1.1\r\nHost: host" + i + "\r\nX-Conn: " + i + "\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body
                        + "GET /headers HTTP/1.1\r\nHost: host" + i + "\r\nX-Conn: " + i + "\r\nX-Twice: a\r\n"
                        + "X-Twice: b\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void expectPair(RawConnection c, int i) {
        RawResponse first = expect(200, c.readResponse());
        assertEquals("host" + i, first.header("X-Host"), first::toString);
        assertEquals("body-of-" + i, first.bodyText());
        RawResponse second = expect(200, c.readResponse());
        assertEquals("Host=host" + i + "\nX-Conn=" + i + "\nX-Twice=a|b\n", second.bodyText());
    }

    @Test
    void pipelinedRequestsSplitAtEveryByteAfterAnIdlePeriodInterleavedAcrossConnections(TestClient client) {
        List<RawConnection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                RawConnection c = RawConnection.open(client.port());
                connections.add(c);
                // One request each, then the connection is idle: its head state is gone.
                assertEquals(
                        "Hello, world",
                        expect(200, c.send(Raw.get("/hello")).readResponse()).bodyText());
            }
            // Every connection sends its next two requests a byte at a time, the connections taking turns, so the
            // loop parses one connection's split head between the pieces of another's.
            byte[][] pairs = new byte[CONNECTIONS][];
            int longest = 0;
            for (int i = 0; i < CONNECTIONS; i++) {
                pairs[i] = pipelinedPair(i);
                longest = Math.max(longest, pairs[i].length);
            }
            for (int at = 0; at < longest; at++) {
                for (int i = 0; i < CONNECTIONS; i++) {
                    if (at < pairs[i].length) {
                        connections.get(i).send(new byte[] {pairs[i][at]});
                    }
                }
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                expectPair(connections.get(i), i);
            }
            // And once more after that idle period, whole.
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.get(i).send(pipelinedPair(i));
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                expectPair(connections.get(i), i);
            }
        } finally {
            connections.forEach(RawConnection::close);
        }
    }

    @Test
    void aKeptConnectionServesManyRequestsAfterOthersCameAndWent(TestClient client) {
        try (RawConnection kept = RawConnection.open(client.port())) {
            expect(200, kept.send(pipelinedPair(0)).readResponse());
            expect(200, kept.readResponse());
            for (int i = 1; i <= 3; i++) {
                try (RawConnection other = RawConnection.open(client.port())) {
                    other.send(pipelinedPair(i));
                    expectPair(other, i);
                }
                kept.send(pipelinedPair(0));
                expectPair(kept, 0);
            }
        }
    }

    /** The same over TLS, where the bytes come out of the TLS layer's pooled buffers. */
    @Test
    @SquallTest(https = true)
    void aTlsConnectionIdleThenReusedWithRequestsSplitAtEveryByte(RawConnection c) {
        assertEquals(
                "Hello, world",
                expect(200, c.send(Raw.get("/hello")).readResponse()).bodyText());
        byte[] pair = pipelinedPair(7);
        for (byte b : pair) {
            c.send(new byte[] {b});
        }
        expectPair(c, 7);
        c.send(pair);
        expectPair(c, 7);
    }
}
