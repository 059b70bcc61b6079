package dev.squall.samples.blog;

import dev.squall.web.BaseRequestHandler;
import dev.squall.web.CookieOptions;
import dev.squall.web.CoroutineRequestHandler;
import java.sql.SQLException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The blog's handlers in the coroutine style: {@link #db} runs a query on the request's own virtual thread
 * with the loop released ({@code offLoop}), and the current author is looked up the same way from the signed
 * {@code author} cookie. Error pages come from {@link #writeErrorPage}, shared with the chained
 * {@link ArchiveHandler}.
 */
abstract class BlogHandler extends CoroutineRequestHandler {
    /** The signed cookie that holds the signed-in author's id. */
    static final String AUTHOR_COOKIE = "author";

    final BlogStore store;

    BlogHandler(BlogStore store) {
        this.store = store;
    }

    /** A blocking call on the store. */
    @FunctionalInterface
    interface Query<T> {
        T run(BlogStore store) throws SQLException;
    }

    /** A blocking call on the store that may find nothing. */
    @FunctionalInterface
    interface Lookup<T> {
        @Nullable
        T run(BlogStore store) throws SQLException;
    }

    /**
     * Runs a query off the loop and returns its value, the loop serving other requests meanwhile. A busy pool
     * throws an {@code HttpError} 503.
     */
    final <T> T db(Query<T> query) {
        return offLoop(() -> query.run(store));
    }

    /** As {@link #db}, for a lookup that may find nothing. */
    final <T> @Nullable T find(Lookup<T> lookup) {
        return offLoop(() -> lookup.run(store));
    }

    @Override
    protected @Nullable Object getCurrentUser() {
        Long id = authorId(this);
        return id == null ? null : find(s -> s.author(id));
    }

    @Override
    protected void writeError(int status, @Nullable Throwable error) {
        writeErrorPage(this, status);
    }

    /** Signs the author in: a signed, HTTP-only cookie with their id. */
    final void signIn(Author author) {
        setSignedCookie(
                AUTHOR_COOKIE,
                Long.toString(author.id()),
                CookieOptions.builder()
                        .httpOnly(true)
                        .sameSite(CookieOptions.SameSite.LAX)
                        .build());
    }

    /** The id in a request's valid {@code author} cookie, or null. */
    static @Nullable Long authorId(BaseRequestHandler h) {
        String id = h.getSignedCookie(AUTHOR_COOKIE);
        if (id == null) {
            return null;
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The blog's error page: a 404 for a missing entry or page, a 503 with {@code Retry-After} when the
     * database pool had no free connection in time, a plain message for the rest. It does not show who is
     * signed in: looking that up may be what failed.
     */
    static void writeErrorPage(BaseRequestHandler h, int status) {
        if (status == 503) {
            h.setHeader("Retry-After", "1");
        }
        String message = switch (status) {
            case 404 -> "There is no such page here.";
            case 403 -> "That is not allowed.";
            case 503 -> "The database is busy. Try again in a moment.";
            default -> status >= 500 ? "Something went wrong on our side." : "That request was not understood.";
        };
        h.render("blog/error.jte", Map.of("status", status, "message", message));
    }
}
