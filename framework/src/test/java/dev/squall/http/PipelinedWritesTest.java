package dev.squall.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.net.IOStream;
import dev.squall.net.StreamWrites;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's regression guard: the responses to a batch of pipelined requests go out with one write, not a
 * syscall each — whether the handler answers through the bare {@link HttpHandler} or through the web layer,
 * whose {@code finish()} future once flushed every response on its own (16-deep pipelined plaintext fell from
 * ~1,380k to 105k requests per second).
 */
class PipelinedWritesTest {
    private static final int REQUESTS = 16;
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    /** The web layer's handler: get() writes, and the handler finishes when it returns. */
    public static final class Hello extends RequestHandler {
        @Override
        public void get() {
            write("hello");
        }
    }

    @Test
    void pipelinedResponsesOfTheBareHandlerShareOneWrite() throws Exception {
        assertFewWrites((request, response) -> response.end(200, "text/plain", "hello"));
    }

    @Test
    void pipelinedResponsesOfTheWebLayerShareOneWrite() throws Exception {
        assertFewWrites(Application.builder().route("/", Hello::new).build());
    }

    private static void assertFewWrites(HttpHandler handler) throws Exception {
        CompletableFuture<IOStream> stream = new CompletableFuture<>();
        HttpHandler recording = (request, response) -> {
            stream.complete(((Http1ServerResponse) response).stream());
            handler.handle(request, response);
        };
        HttpServer server = HttpServer.builder().handler(recording).build().listen(0, "127.0.0.1");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(REQUEST.repeat(REQUESTS).getBytes(ISO_8859_1));
            assertEquals(REQUESTS, readAnswers(socket.getInputStream()));
            IOStream s = stream.get(20, TimeUnit.SECONDS);
            CompletableFuture<Integer> writes = new CompletableFuture<>();
            s.loop().execute(() -> writes.complete(StreamWrites.batches(s)));
            int n = writes.get(20, TimeUnit.SECONDS);
            assertTrue(
                    n <= REQUESTS / 4, REQUESTS + " pipelined responses took " + n + " writes; expected one per batch");
        } finally {
            server.close();
        }
    }

    /** Reads until {@link #REQUESTS} bodies ({@code hello}) arrived; returns how many did. */
    private static int readAnswers(InputStream in) throws Exception {
        StringBuilder text = new StringBuilder();
        byte[] buf = new byte[8192];
        int answers = 0;
        while (answers < REQUESTS) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            text.append(new String(buf, 0, n, ISO_8859_1));
            answers = text.toString().split("hello", -1).length - 1;
        }
        return answers;
    }
}
