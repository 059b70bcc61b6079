package dev.squall.samples.hello;

import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The {@code hello} sample as users write Squall: an {@link Application} with one {@link RequestHandler} per
 * route. Same routes and answers as {@link HelloHandler}, which is the same service written straight on the
 * bare {@code HttpServer} (the {@code hello-bare} sample) so the load harness can measure what the web layer
 * costs.
 *
 * <ul>
 *   <li>{@code GET /} → {@code Hello, world}
 *   <li>{@code GET /plaintext} → {@code Hello, World!} ({@code text/plain})
 *   <li>{@code GET /json} → {@code {"message":"Hello, World!"}}, serialised with Moshi on every request
 *   <li>{@code POST /echo} → the request body ({@code application/octet-stream})
 *   <li>{@code GET /fortunes}, {@code GET /welcome} → HTML pages from jte templates ({@link HelloPages}; not
 *       served by {@code hello-bare})
 * </ul>
 *
 * HEAD is served wherever GET is, other methods get 405 with {@code Allow}, other paths 404 — all by the
 * framework.
 */
public final class HelloApp {
    private HelloApp() {}

    /**
     * Builds the application.
     *
     * @param accessLog whether to log every request (Tornado's default); the benchmark turns it off, as the
     *     Vert.x reference server logs nothing
     * @return the application, ready to {@code listen}
     */
    public static Application app(boolean accessLog) {
        Application.Builder b = Application.builder()
                .route("/", MainHandler::new)
                .route("/plaintext", PlaintextHandler::new)
                .route("/json", JsonHandler::new)
                .route("/echo", EchoHandler::new);
        HelloPages.addTo(b);
        if (!accessLog) {
            b.logFunction(handler -> {});
        }
        return b.build();
    }

    /** {@code GET /}: the Tornado hello world. */
    static final class MainHandler extends RequestHandler {
        @Override
        public void get() {
            write("Hello, world");
        }
    }

    /** {@code GET /plaintext}: TechEmpower's plaintext test. */
    static final class PlaintextHandler extends RequestHandler {
        private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

        @Override
        public void get() {
            setHeader("Content-Type", "text/plain");
            write(BODY);
        }

        /** No ETag: TechEmpower's answers carry none, and a SHA-1 per request is not what is measured. */
        @Override
        protected @Nullable String computeEtag() {
            return null;
        }
    }

    /** {@code GET /json}: TechEmpower's JSON test; a new object serialised per request. */
    static final class JsonHandler extends RequestHandler {
        @Override
        public void get() {
            write(new HelloHandler.Message("Hello, World!"));
        }

        /** No ETag, as {@link PlaintextHandler}. */
        @Override
        protected @Nullable String computeEtag() {
            return null;
        }
    }

    /** {@code POST /echo}: the request body back. */
    static final class EchoHandler extends RequestHandler {
        @Override
        public void post() {
            setHeader("Content-Type", "application/octet-stream");
            write(request().body());
        }
    }
}
