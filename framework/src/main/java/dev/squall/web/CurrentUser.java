package dev.squall.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * One request's current user, as Tornado's {@code current_user}: looked up at most once, through the
 * handler's {@code getCurrentUser()} (synchronous; a coroutine handler may {@code await} in it) or, when the
 * handler overrides it, {@code getCurrentUserAsync()}, whose stage the framework waits for before the HTTP
 * method; or set by the handler.
 */
final class CurrentUser {
    private final BaseRequestHandler handler;
    private @Nullable Object user;
    private boolean loaded;
    private @Nullable CompletableFuture<@Nullable Object> pending;

    CurrentUser(BaseRequestHandler handler) {
        this.handler = handler;
    }

    /** The user if known, else null (no lookup): for code that must not start one (the XSRF cookie's expiry). */
    @Nullable
    Object loadedOrNull() {
        return loaded ? user : null;
    }

    @Nullable
    Object get() {
        if (!loaded) {
            if (pending != null || handler.traits().asyncUser) {
                throw new IllegalStateException(
                        "currentUser() was called before " + handler.getClass().getName()
                                + ".getCurrentUserAsync() completed; in prepare() use currentUserAsync() (a stage), or read "
                                + "currentUser() in the HTTP method, which runs after the lookup");
            }
            set(handler.getCurrentUser());
        }
        return user;
    }

    void set(@Nullable Object value) {
        user = value;
        loaded = true;
    }

    /** The user as a stage, starting the lookup once; completes on the request's loop. */
    CompletionStage<@Nullable Object> async() {
        if (loaded) {
            return CompletableFuture.completedFuture(user);
        }
        CompletableFuture<@Nullable Object> p = pending;
        if (p != null) {
            return p;
        }
        p = new CompletableFuture<>();
        pending = p;
        CompletableFuture<@Nullable Object> done = p;
        CompletionStage<? extends @Nullable Object> lookup;
        try {
            lookup = handler.getCurrentUserAsync();
        } catch (Throwable t) {
            done.completeExceptionally(t);
            return done;
        }
        @Nullable CompletionStage<? extends @Nullable Object> checked = lookup;
        if (checked == null) {
            done.completeExceptionally(new IllegalStateException("getCurrentUserAsync() of "
                    + handler.getClass().getName() + " returned null; return a stage (completedFuture(null) for "
                    + "nobody)"));
            return done;
        }
        lookup.whenComplete((value, error) -> handler.onLoop(() -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                if (!loaded) {
                    set(value);
                }
                done.complete(user);
            }
        }));
        return done;
    }
}
