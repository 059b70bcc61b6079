package dev.squall.samples.hello;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;

/**
 * The {@code hello} sample's routes, written straight on {@link HttpHandler}, and the TechEmpower
 * plaintext and JSON tests the load harness drives:
 *
 * <ul>
 *   <li>{@code GET /} → {@code Hello, world} ({@code text/html; charset=UTF-8})
 *   <li>{@code GET /plaintext} → {@code Hello, World!} ({@code text/plain})
 *   <li>{@code GET /json} → {@code {"message":"Hello, World!"}} ({@code application/json}, serialised with
 *       Moshi on every request, as TechEmpower's rules require)
 *   <li>{@code POST /echo} → the request body ({@code application/octet-stream})
 *   <li>{@code HEAD} wherever {@code GET} is served (the server sends the headers only), 405 with
 *       {@code Allow} for another method on these paths, 404 anywhere else.
 * </ul>
 *
 * <p>Bodies and header sets are built once; a request allocates only the JSON it serialises. The header sets
 * are shared by every loop, so they are never changed after construction ({@link HttpServerResponse#end}
 * copies what it sends). Runs on any loop; stateless.
 */
public final class HelloHandler implements HttpHandler {
    private static final byte[] HELLO = ascii("Hello, world");
    private static final byte[] PLAINTEXT = ascii("Hello, World!");
    private static final byte[] NOT_FOUND =
            ascii("<html><title>404: Not Found</title><body>404: Not Found</body></html>");
    private static final byte[] METHOD_NOT_ALLOWED =
            ascii("<html><title>405: Method Not Allowed</title><body>405: Method Not Allowed</body></html>");
    private static final String MESSAGE = "Hello, World!";

    private static final HttpHeaders HTML = contentType("text/html; charset=UTF-8");
    private static final HttpHeaders TEXT = contentType("text/plain");
    private static final HttpHeaders JSON = contentType("application/json");
    private static final HttpHeaders OCTETS = contentType("application/octet-stream");
    private static final HttpHeaders NOT_ALLOWED_GET =
            contentType("text/html; charset=UTF-8").set("Allow", "GET, HEAD");
    private static final HttpHeaders NOT_ALLOWED_POST =
            contentType("text/html; charset=UTF-8").set("Allow", "POST");

    private final JsonAdapter<Message> messageAdapter =
            new Moshi.Builder().build().adapter(Message.class);

    /** Creates the handler. */
    public HelloHandler() {}

    /**
     * Answers one request as the class comment says. Loop thread; never blocks.
     *
     * @param request the request
     * @param response where the answer goes
     */
    @Override
    public void handle(HttpServerRequest request, HttpServerResponse response) {
        String method = request.method();
        switch (request.path()) {
            case "/plaintext" -> {
                if (isGetOrHead(method)) {
                    response.end(200, TEXT, PLAINTEXT);
                } else {
                    response.end(405, NOT_ALLOWED_GET, METHOD_NOT_ALLOWED);
                }
            }
            case "/json" -> {
                if (isGetOrHead(method)) {
                    response.end(200, JSON, json(new Message(MESSAGE)));
                } else {
                    response.end(405, NOT_ALLOWED_GET, METHOD_NOT_ALLOWED);
                }
            }
            case "/" -> {
                if (isGetOrHead(method)) {
                    response.end(200, HTML, HELLO);
                } else {
                    response.end(405, NOT_ALLOWED_GET, METHOD_NOT_ALLOWED);
                }
            }
            case "/echo" -> {
                if (method.equals("POST")) {
                    response.end(200, OCTETS, request.body());
                } else {
                    response.end(405, NOT_ALLOWED_POST, METHOD_NOT_ALLOWED);
                }
            }
            default -> response.end(404, HTML, NOT_FOUND);
        }
    }

    private byte[] json(Message message) {
        Buffer buffer = new Buffer();
        try {
            messageAdapter.toJson(buffer, message);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a memory buffer cannot fail", e);
        }
        return buffer.readByteArray();
    }

    private static boolean isGetOrHead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static HttpHeaders contentType(String value) {
        return new HttpHeaders(2).set("Content-Type", value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The JSON test's object, serialised by Moshi on each request (public: Moshi reads records through their
     * public accessors).
     *
     * @param message the greeting
     */
    public record Message(String message) {}
}
