package dev.squall.auth;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpClientTimeoutException;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.loop.Futures;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The one way the providers call their endpoints: the caller's loop's shared {@link AsyncHttpClient} (or the
 * configured one), a time limit, and failures turned into {@link AuthError}s that say which call failed.
 */
final class ProviderHttp {
    private ProviderHttp() {}

    /**
     * Sends a request; the future completes on the caller's loop with the response whatever its status, or
     * fails with an {@link AuthError}: 504 when the provider did not answer within {@code timeout}, 502 for
     * any other failure to get an answer.
     *
     * @param client the client to use, or null for the caller's loop's shared client
     * @param request the request
     * @param timeout the limit for the whole call
     * @param what the call, for messages ("GitHub's token endpoint https://...")
     */
    static CompletableFuture<HttpResponse> send(
            @Nullable AsyncHttpClient client, HttpRequest.Builder request, Duration timeout, String what) {
        AsyncHttpClient http = client != null ? client : AsyncHttpClient.shared();
        HttpRequest r = request.raiseError(false)
                .requestTimeout(timeout)
                .connectTimeout(timeout)
                .build();
        CompletableFuture<HttpResponse> result = new CompletableFuture<>();
        http.fetch(r).whenComplete((response, error) -> {
            if (error == null) {
                result.complete(response);
                return;
            }
            Throwable e = Futures.unwrap(error);
            if (e instanceof HttpClientTimeoutException t) {
                result.completeExceptionally(new AuthError(
                        504, what + " did not answer within " + t.limit().toMillis() + " ms", null, null, e));
            } else {
                result.completeExceptionally(new AuthError(502, what + " failed: " + e, null, null, e));
            }
        });
        return result;
    }

    /**
     * Returns the JSON object of a successful response.
     *
     * @throws AuthError for a non-2xx status (see {@link #errorOf}) or a body that is not a JSON object
     */
    static Map<String, Object> json(HttpResponse response, String what) {
        if (!response.isSuccessful()) {
            throw errorOf(response, what);
        }
        return Json.object(response.bodyText(), what + "'s answer");
    }

    /**
     * Returns the error a non-2xx answer means: 403 with the provider's OAuth {@code error} and
     * {@code error_description} (RFC 6749 section 5.2) for a 4xx, 502 otherwise.
     */
    static AuthError errorOf(HttpResponse response, String what) {
        String body = response.bodyText();
        @Nullable String error = null;
        @Nullable String description = null;
        try {
            Map<String, Object> json = Json.object(body, what);
            error = Json.string(json, "error");
            description = Json.string(json, "error_description");
            Map<String, Object> nested = Json.child(json, "error"); // Facebook: {"error": {"message": ...}}
            if (nested != null) {
                error = Json.string(nested, "type");
                description = Json.string(nested, "message");
            }
        } catch (AuthError notJson) {
            // not JSON: the excerpt of the body below says what came back
        }
        int status = response.code() >= 400 && response.code() < 500 ? 403 : 502;
        String message = what + " answered " + response.code()
                + (error != null ? ": " + error + (description != null ? " (" + description + ")" : "") : "")
                + (error == null ? "; body: " + Json.excerpt(body) : "");
        return new AuthError(status, message, error, description, null);
    }

    /** Returns a future that has failed with {@code error} itself, not wrapped. */
    static <T> CompletableFuture<T> failed(Throwable error) {
        return CompletableFuture.failedFuture(Futures.unwrap(error));
    }

    /**
     * Returns a future that completes as {@code f} applied to {@code future}'s value, or fails with
     * {@code f}'s or {@code future}'s exception unwrapped (so a handler sees the {@link AuthError} itself).
     */
    static <T extends @Nullable Object, R extends @Nullable Object> CompletableFuture<R> map(
            CompletableFuture<T> future, ThrowingFunction<T, R> f) {
        CompletableFuture<R> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(Futures.unwrap(error));
                return;
            }
            try {
                result.complete(f.apply(value));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** As {@link #map}, for a function that returns the next future. */
    static <T extends @Nullable Object, R extends @Nullable Object> CompletableFuture<R> then(
            CompletableFuture<T> future, ThrowingFunction<T, CompletableFuture<R>> f) {
        CompletableFuture<R> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(Futures.unwrap(error));
                return;
            }
            try {
                f.apply(value).whenComplete((r, e) -> {
                    if (e != null) {
                        result.completeExceptionally(Futures.unwrap(e));
                    } else {
                        result.complete(r);
                    }
                });
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** As {@link #map}, for an action with no value. */
    static <T extends @Nullable Object> CompletableFuture<Void> accept(
            CompletableFuture<T> future, ThrowingConsumer<T> action) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(Futures.unwrap(error));
                return;
            }
            try {
                action.accept(value);
                result.complete(null);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** An action that may throw, for {@link #accept}. */
    @FunctionalInterface
    interface ThrowingConsumer<T extends @Nullable Object> {
        void accept(T value) throws Exception;
    }

    /** A function that may throw, for {@link #map} and {@link #then}. */
    @FunctionalInterface
    interface ThrowingFunction<T extends @Nullable Object, R extends @Nullable Object> {
        R apply(T value) throws Exception;
    }
}
