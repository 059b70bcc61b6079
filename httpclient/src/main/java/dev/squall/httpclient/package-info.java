/**
 * A non-blocking HTTP/1.1 client on Squall's event loop: {@link dev.squall.httpclient.AsyncHttpClient}
 * (futures that complete on the caller's loop, keep-alive connection pooling, redirects, proxies, TLS,
 * gzip, streaming) and the blocking {@link dev.squall.httpclient.HttpClient} for scripts and tests.
 *
 * <pre>{@code
 * AsyncHttpClient http = AsyncHttpClient.shared(loop);
 * http.fetch("https://api.example.com/users/42")
 *     .thenApply(response -> response.json(User.class))
 *     .thenAccept(user -> render(user));
 * }</pre>
 */
@NullMarked
package dev.squall.httpclient;

import org.jspecify.annotations.NullMarked;
