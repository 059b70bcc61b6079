package dev.squall.samples.blog;

import dev.squall.async.Async;
import dev.squall.web.AsyncRequestHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /archive}: every entry, newest first — written in the chained style, to show it next to the
 * coroutine handlers: the query runs on a virtual thread ({@code Async.blocking}) and the page is rendered in
 * the continuation, on the loop.
 */
final class ArchiveHandler extends AsyncRequestHandler {
    /** The most entries the archive lists. */
    static final int MAX_ENTRIES = 1000;

    private final BlogStore store;

    ArchiveHandler(BlogStore store) {
        this.store = store;
    }

    @Override
    protected CompletionStage<? extends @Nullable Object> getCurrentUserAsync() {
        Long id = BlogHandler.authorId(this);
        return id == null ? CompletableFuture.completedFuture(null) : Async.blocking(() -> store.author(id));
    }

    @Override
    public CompletionStage<?> get() {
        return Async.blocking(() -> store.latest(MAX_ENTRIES)).thenAccept(this::show);
    }

    private void show(List<Entry> entries) {
        render("blog/archive.jte", Map.of("entries", entries));
    }

    @Override
    protected void writeError(int status, @Nullable Throwable error) {
        BlogHandler.writeErrorPage(this, status);
    }
}
