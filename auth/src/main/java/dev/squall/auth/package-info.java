/**
 * Third-party sign-in, as Tornado's {@code tornado.auth}, on Squall's {@code AsyncHttpClient}: the OAuth 2.0
 * authorization-code flow with {@code state} in a signed cookie and PKCE ({@link dev.squall.auth.OAuth2Client}),
 * OpenID Connect with discovery and ID-token validation ({@link dev.squall.auth.OidcProvider}), OAuth 1.0a
 * ({@link dev.squall.auth.OAuth1Client}), and ready providers: {@link dev.squall.auth.GoogleAuth},
 * {@link dev.squall.auth.GitHubAuth}, {@link dev.squall.auth.FacebookAuth}, {@link dev.squall.auth.TwitterAuth}.
 *
 * <p>Every call runs on the caller's event loop and returns a {@code CompletableFuture} completed on it, so the
 * same methods serve plain handlers (return the future from an {@code AsyncRequestHandler}), coroutine handlers
 * ({@code await}) and Kotlin {@code suspend} handlers ({@code .await()}). Failures are {@link
 * dev.squall.auth.AuthError}s, which answer with a 4xx/5xx page when a handler lets them through. The guide is
 * {@code docs/auth.md}.
 */
@NullMarked
package dev.squall.auth;

import org.jspecify.annotations.NullMarked;
