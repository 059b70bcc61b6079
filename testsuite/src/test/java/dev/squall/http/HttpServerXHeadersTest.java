package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.ServerOptions;
import dev.squall.testing.SquallTest;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@SquallTest
class HttpServerXHeadersTest extends RoutesSocketTest {

    private RawResponse echo(String extraHeaders) {
        RawConnection c = RawConnection.open(port).send("GET /echo HTTP/1.1\r\nHost: h\r\n" + extraHeaders + "\r\n");
        return expect(200, c.readResponse());
    }

    @Test
    void ignoresProxyHeadersByDefault() {
        RawResponse r = echo("X-Real-Ip: 4.4.4.4\r\nX-Forwarded-For: 5.5.5.5\r\nX-Scheme: https\r\n");
        assertEquals("127.0.0.1", r.header("X-Remote-Ip"));
        assertEquals("http", r.header("X-Protocol"));
    }

    @Nested
    class XHeaders {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.xheaders(true);
        }

        @Test
        void takesTheIpFromXRealIp() {
            assertEquals(
                    "4.4.4.4",
                    echo("X-Real-Ip: 4.4.4.4\r\nX-Forwarded-For: 5.5.5.5\r\n").header("X-Remote-Ip"));
            assertEquals(
                    "2620:0:1cfe:face:b00c::3",
                    echo("X-Real-Ip: 2620:0:1cfe:face:b00c::3\r\n").header("X-Remote-Ip"));
        }

        @Test
        void takesTheRightMostForwardedForAddress() {
            assertEquals(
                    "5.5.5.5", echo("X-Forwarded-For: 1.1.1.1, 5.5.5.5\r\n").header("X-Remote-Ip"));
        }

        @Test
        void ignoresValuesThatAreNotIpAddresses() {
            assertEquals("127.0.0.1", echo("X-Real-Ip: evil.example.com\r\n").header("X-Remote-Ip"));
            assertEquals("127.0.0.1", echo("X-Forwarded-For: <script>\r\n").header("X-Remote-Ip"));
        }

        @Test
        void takesTheSchemeFromXSchemeOrXForwardedProto() {
            assertEquals("https", echo("X-Scheme: https\r\n").header("X-Protocol"));
            assertEquals("https", echo("X-Forwarded-Proto: https\r\n").header("X-Protocol"));
            assertEquals("https", echo("X-Forwarded-Proto: http, https\r\n").header("X-Protocol"));
            assertEquals("http", echo("X-Forwarded-Proto: gopher\r\n").header("X-Protocol"));
        }
    }

    @Nested
    class TrustedDownstream {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.xheaders(true).trustedDownstream(Set.of("5.5.5.5", "6.6.6.6"));
        }

        @Test
        void skipsTrustedDownstreamProxies() {
            assertEquals(
                    "1.1.1.1",
                    echo("X-Forwarded-For: 9.9.9.9, 1.1.1.1, 5.5.5.5,6.6.6.6\r\n")
                            .header("X-Remote-Ip"));
        }
    }
}
