package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.http.RawHttpClient.Response;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpServerXHeadersTest {
    private HttpServer server;

    @AfterEach void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private Response echo(String extraHeaders) throws IOException {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            return c.send("GET /echo HTTP/1.1\r\nHost: h\r\n" + extraHeaders + "\r\n").read().assertCode(200);
        }
    }

    @Test void ignoresProxyHeadersByDefault() throws IOException {
        server = TestServers.start();
        Response r = echo("X-Real-Ip: 4.4.4.4\r\nX-Forwarded-For: 5.5.5.5\r\nX-Scheme: https\r\n");
        assertEquals("127.0.0.1", r.header("X-Remote-Ip"));
        assertEquals("http", r.header("X-Protocol"));
    }

    @Test void takesTheIpFromXRealIp() throws IOException {
        server = TestServers.start(b -> b.xheaders(true));
        assertEquals("4.4.4.4", echo("X-Real-Ip: 4.4.4.4\r\nX-Forwarded-For: 5.5.5.5\r\n").header("X-Remote-Ip"));
        assertEquals("2620:0:1cfe:face:b00c::3", echo("X-Real-Ip: 2620:0:1cfe:face:b00c::3\r\n").header("X-Remote-Ip"));
    }

    @Test void takesTheRightMostForwardedForAddress() throws IOException {
        server = TestServers.start(b -> b.xheaders(true));
        assertEquals("5.5.5.5", echo("X-Forwarded-For: 1.1.1.1, 5.5.5.5\r\n").header("X-Remote-Ip"));
    }

    @Test void skipsTrustedDownstreamProxies() throws IOException {
        server = TestServers.start(b -> b.xheaders(true).trustedDownstream(Set.of("5.5.5.5", "6.6.6.6")));
        assertEquals("1.1.1.1", echo("X-Forwarded-For: 9.9.9.9, 1.1.1.1, 5.5.5.5,6.6.6.6\r\n").header("X-Remote-Ip"));
    }

    @Test void ignoresValuesThatAreNotIpAddresses() throws IOException {
        server = TestServers.start(b -> b.xheaders(true));
        assertEquals("127.0.0.1", echo("X-Real-Ip: evil.example.com\r\n").header("X-Remote-Ip"));
        assertEquals("127.0.0.1", echo("X-Forwarded-For: <script>\r\n").header("X-Remote-Ip"));
    }

    @Test void takesTheSchemeFromXSchemeOrXForwardedProto() throws IOException {
        server = TestServers.start(b -> b.xheaders(true));
        assertEquals("https", echo("X-Scheme: https\r\n").header("X-Protocol"));
        assertEquals("https", echo("X-Forwarded-Proto: https\r\n").header("X-Protocol"));
        assertEquals("https", echo("X-Forwarded-Proto: http, https\r\n").header("X-Protocol"));
        assertEquals("http", echo("X-Forwarded-Proto: gopher\r\n").header("X-Protocol"));
    }
}
