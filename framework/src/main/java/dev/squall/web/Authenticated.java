package dev.squall.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires a signed-in user for a handler method (or, on the class, for all of them), as Tornado's
 * {@code @authenticated}. Before the method runs — after {@code prepare()}, and after the current user is
 * known (waiting for {@link BaseRequestHandler#getCurrentUserAsync()} if the handler looks it up
 * asynchronously) — a request whose {@link BaseRequestHandler#currentUser()} is null is answered instead:
 *
 * <ul>
 *   <li>GET and HEAD: a 302 to the application's {@link Application.Builder#loginUrl(String) loginUrl} with
 *       {@code next=<the request's URI>} added (the full URL when the login URL is absolute, so the login site
 *       can send the user back; nothing added when the login URL already has a query), as Tornado;</li>
 *   <li>any other method: 403, since a redirect would lose the request's body.</li>
 * </ul>
 * Without a {@code loginUrl}, a GET or HEAD fails with a 500 whose log says to set it.
 *
 * <pre>{@code
 * final class ComposeHandler extends RequestHandler {
 *     @Override protected @Nullable Object getCurrentUser() { return getSignedCookie("user"); }
 *     @Authenticated @Override public void get() { write("Hello, " + currentUser()); }
 * }
 * }</pre>
 *
 * <p>The programmatic equivalent, for Kotlin or handlers that decide at run time, is to override
 * {@link BaseRequestHandler#requiresAuthentication(HttpMethod)}. The annotation is read once per class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Authenticated {}
