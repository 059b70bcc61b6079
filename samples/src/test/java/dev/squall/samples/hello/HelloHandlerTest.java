package dev.squall.samples.hello;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import dev.squall.http.HttpVersion;
import dev.squall.loop.IOLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The routes, checked by calling the handler directly with a recording response. */
class HelloHandlerTest {
    private static IOLoop loop;
    private final HelloHandler handler = new HelloHandler();

    @BeforeAll
    static void startLoop() {
        loop = IOLoop.builder().name("hello-test").daemon(true).build();
    }

    @AfterAll
    static void closeLoop() {
        loop.close();
    }

    private Recorded call(String method, String uri, byte[] body) throws Exception {
        HttpServerRequest request = new HttpServerRequest(
                method,
                uri,
                HttpVersion.HTTP_1_1,
                new HttpHeaders().set("Host", "localhost"),
                body,
                "127.0.0.1",
                "http",
                new InetSocketAddress("127.0.0.1", 40000),
                loop,
                0L);
        Recorded response = new Recorded();
        handler.handle(request, response);
        return response;
    }

    private Recorded call(String method, String uri) throws Exception {
        return call(method, uri, new byte[0]);
    }

    /** Asserts that {@code GET path} answers 200 with {@code contentType} and {@code body}. */
    private void assertGetAnswers(String path, String contentType, String body) throws Exception {
        Recorded r = call("GET", path);
        assertEquals(200, r.status, path);
        assertEquals(contentType, r.headers.get("Content-Type"), path);
        assertEquals(body, r.text(), path);
    }

    @Test
    void rootSaysHelloWorldAsHtml() throws Exception {
        assertGetAnswers("/", "text/html; charset=UTF-8", "Hello, world");
    }

    @Test
    void plaintextIsTheTechEmpowerBody() throws Exception {
        assertGetAnswers("/plaintext", "text/plain", "Hello, World!");
    }

    @Test
    void jsonIsTheTechEmpowerMessage() throws Exception {
        assertGetAnswers("/json", "application/json", "{\"message\":\"Hello, World!\"}");
    }

    @Test
    void jsonIsSerialisedAfreshForEachRequest() throws Exception {
        assertNotSame(call("GET", "/json").body, call("GET", "/json").body);
    }

    @Test
    void queryStringDoesNotChangeTheRoute() throws Exception {
        assertEquals("Hello, World!", call("GET", "/plaintext?x=1").text());
    }

    @Test
    void echoReturnsTheRequestBody() throws Exception {
        byte[] body = {0, 1, 2, (byte) 0xff, 'h', 'i'};
        Recorded r = call("POST", "/echo", body);
        assertEquals(200, r.status);
        assertEquals("application/octet-stream", r.headers.get("Content-Type"));
        assertArrayEquals(body, r.body);
    }

    @Test
    void headIsServedWhereGetIs() throws Exception {
        for (String path : new String[] {"/", "/plaintext", "/json"}) {
            Recorded get = call("GET", path);
            Recorded head = call("HEAD", path);
            assertEquals(200, head.status, path);
            assertEquals(get.headers.get("Content-Type"), head.headers.get("Content-Type"), path);
            // the server sends Content-Length from this body and drops the body itself
            assertEquals(get.body.length, head.body.length, path);
        }
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertEquals(404, call("GET", "/nowhere").status);
        assertEquals(404, call("POST", "/plaintext/extra").status);
    }

    @Test
    void wrongMethodOnAGetPathIs405WithAllow() throws Exception {
        for (String path : new String[] {"/", "/plaintext", "/json"}) {
            Recorded r = call("POST", path);
            assertEquals(405, r.status, path);
            assertEquals("GET, HEAD", r.headers.get("Allow"), path);
        }
    }

    @Test
    void getOnEchoIs405AllowingPost() throws Exception {
        Recorded r = call("GET", "/echo");
        assertEquals(405, r.status);
        assertEquals("POST", r.headers.get("Allow"));
    }

    @Test
    void methodsAreCaseSensitive() throws Exception {
        assertEquals(405, call("get", "/plaintext").status);
    }

    /** Records the one {@link #end} call the handler makes; the streaming methods are not used by it. */
    private static final class Recorded implements HttpServerResponse {
        int status;
        HttpHeaders headers = new HttpHeaders();
        byte[] body = new byte[0];
        boolean finished;

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public void end(int status, HttpHeaders headers, byte[] body) {
            if (finished) {
                throw new IllegalStateException("end called twice");
            }
            this.status = status;
            this.headers = HttpHeaders.copyOf(headers);
            this.body = body.clone();
            this.finished = true;
        }

        @Override
        public void writeHead(int status, @Nullable String reason, HttpHeaders headers) {
            throw new UnsupportedOperationException("hello answers with end()");
        }

        @Override
        public void write(ByteBuffer chunk) {
            throw new UnsupportedOperationException("hello answers with end()");
        }

        @Override
        public void write(byte[] chunk) {
            throw new UnsupportedOperationException("hello answers with end()");
        }

        @Override
        public void write(ByteString chunk) {
            throw new UnsupportedOperationException("hello answers with end()");
        }

        @Override
        public CompletableFuture<Void> flush() {
            throw new UnsupportedOperationException("hello answers with end()");
        }

        @Override
        public void finish() {
            throw new UnsupportedOperationException("hello answers with end()");
        }

        @Override
        public boolean isHeadWritten() {
            return finished;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public CompletableFuture<Void> closeFuture() {
            return new CompletableFuture<>();
        }

        @Override
        public void closeAfterResponse() {}
    }
}
