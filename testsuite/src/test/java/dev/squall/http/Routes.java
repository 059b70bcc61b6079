package dev.squall.http;

import dev.squall.net.IOStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import okio.ByteString;

/** The application the HTTP server conformance tests talk to: routes by path to small behaviours. */
final class Routes {
    private Routes() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static HttpHeaders plain() {
        return new HttpHeaders().add("Content-Type", "text/plain");
    }

    /** The routes. */
    static void handle(HttpServerRequest request, HttpServerResponse response) {
        switch (request.path()) {
            case "/hello" -> response.end(200, plain(), utf8("Hello, world"));
            case "/echo" -> {
                HttpHeaders h = plain().add("X-Method", request.method())
                        .add("X-Uri", request.uri())
                        .add("X-Path", request.path())
                        .add("X-Query", request.query())
                        .add("X-Version", request.version().text())
                        .add("X-Remote-Ip", request.remoteIp())
                        .add("X-Protocol", request.protocol())
                        .add("X-Host", request.host())
                        .add("X-Body-Length", Integer.toString(request.body().length));
                response.end(200, h, request.body());
            }
            case "/headers" -> {
                Map<String, String> sorted = new TreeMap<>();
                request.headers().forEach((n, v) -> sorted.merge(n, v, (a, b) -> a + "|" + b));
                StringBuilder sb = new StringBuilder();
                sorted.forEach((n, v) -> sb.append(n).append('=').append(v).append('\n'));
                response.end(200, plain(), utf8(sb.toString()));
            }
            case "/chunked" -> {
                response.writeHead(200, null, plain());
                response.write(utf8("abc"));
                response.write(utf8("defgh"));
                response.finish();
            }
            case "/big" -> response.end(200, plain(), letters(0, Integer.parseInt(request.query())));
            case "/big-streamed" -> {
                int size = Integer.parseInt(request.query());
                response.writeHead(200, null, plain());
                for (int i = 0; i < size; i += 1000) {
                    response.write(ByteBuffer.wrap(letters(i, Math.min(1000, size - i))));
                }
                response.finish();
            }
            case "/async" -> {
                long millis = request.query().isEmpty() ? 0 : Long.parseLong(request.query());
                request.loop()
                        .callLater(
                                Duration.ofMillis(millis),
                                () -> response.end(200, plain(), utf8("async " + request.uri())));
            }
            case "/close" -> response.end(200, plain().add("Connection", "close"), utf8("bye"));
            case "/shorthand" -> response.end(201, "text/plain; charset=utf-8", "h\u00e9llo");
            case "/fail" -> throw new IllegalStateException("handler failure for the test");
            case "/fail-after-head" -> {
                response.writeHead(200, null, plain());
                response.write(utf8("partial"));
                throw new IllegalStateException("handler failure after the head, for the test");
            }
            case "/too-long" -> {
                response.writeHead(200, null, plain().add("Content-Length", "3"));
                try {
                    response.write(utf8("12345"));
                } catch (IllegalStateException expected) {
                    // the connection is closed; nothing more to do
                }
            }
            case "/too-short" -> {
                response.writeHead(200, null, plain().add("Content-Length", "5"));
                response.write(utf8("123"));
                try {
                    response.finish();
                } catch (IllegalStateException expected) {
                    // the connection is closed
                }
            }
            case "/upgrade" -> {
                // A toy protocol after the switch: read five bytes, answer them in upper case, close.
                response.writeHead(
                        101, null, new HttpHeaders().add("Upgrade", "shout").add("Connection", "Upgrade"));
                response.finish();
                IOStream stream = response.detach();
                stream.readBytes(5)
                        .thenCompose(
                                b -> stream.write(ByteString.encodeUtf8(b.utf8().toUpperCase(Locale.ROOT))))
                        .whenComplete((v, e) -> stream.close());
            }
            case "/detach-too-early" -> {
                try {
                    response.detach();
                    response.end(500, plain(), utf8("detach() should have refused"));
                } catch (IllegalStateException expected) {
                    response.end(200, plain(), utf8(expected.getMessage()));
                }
            }
            case "/no-content" -> response.end(204, new HttpHeaders(), new byte[0]);
            case "/not-modified" -> {
                response.writeHead(304, null, new HttpHeaders().add("Etag", "\"x\""));
                response.finish();
            }
            default -> response.end(404, plain(), utf8("no route for " + request.path()));
        }
    }

    /** Returns {@code count} letters a..z repeating, starting at position {@code from} of the cycle. */
    private static byte[] letters(int from, int count) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) ('a' + (from + i) % 26);
        }
        return b;
    }
}
