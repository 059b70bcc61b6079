package dev.squall.testing.guide;

import dev.squall.loop.Timeout;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A long-polling application, as Tornado's chat demo: {@code GET /next} waits up to {@link #WAIT} for the
 * next message posted to {@code POST /messages}, and answers 204 when none came. The guide tests its timeout
 * in virtual time.
 */
public final class LongPoll {
    /** How long a poll waits for a message. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private LongPoll() {}

    /** Returns the application, delivering messages through {@code box}. */
    public static Application app(MessageBox box) {
        return Application.builder()
                .route("/next", () -> new NextHandler(box))
                .route("/messages", () -> new PostHandler(box))
                .build();
    }

    /** The pending polls. Loop-confined: the application runs on one loop. */
    public static final class MessageBox {
        private final List<CompletableFuture<@Nullable String>> waiting = new ArrayList<>();

        CompletableFuture<@Nullable String> next() {
            CompletableFuture<@Nullable String> f = new CompletableFuture<>();
            waiting.add(f);
            return f;
        }

        void post(String message) {
            List<CompletableFuture<@Nullable String>> now = new ArrayList<>(waiting);
            waiting.clear();
            now.forEach(f -> f.complete(message));
        }
    }

    static final class NextHandler extends AsyncRequestHandler {
        private final MessageBox box;

        NextHandler(MessageBox box) {
            this.box = box;
        }

        @Override
        public CompletionStage<?> get() {
            CompletableFuture<@Nullable String> next = box.next();
            Timeout timeout = request().loop().callLater(WAIT, () -> next.complete(null));
            return next.thenAccept(message -> {
                timeout.cancel();
                if (message == null) {
                    setStatus(204);
                } else {
                    write(message);
                }
            });
        }
    }

    static final class PostHandler extends RequestHandler {
        private final MessageBox box;

        PostHandler(MessageBox box) {
            this.box = box;
        }

        @Override
        public void post() {
            box.post(new String(request().body(), StandardCharsets.UTF_8));
            setStatus(202);
        }
    }
}
