/**
 * The web layer, as Tornado's {@code tornado.web}: an {@link dev.squall.web.Application} routes each request
 * to a fresh handler ({@link dev.squall.web.RequestHandler} for plain code that finishes on return,
 * {@link dev.squall.web.AsyncRequestHandler} for chained futures), which reads arguments and writes the
 * response.
 *
 * <pre>{@code
 * Application app = Application.builder()
 *         .route("/", MainHandler::new)
 *         .route("/story/(?<id>[0-9]+)", StoryHandler::new, "story")
 *         .build();
 * app.listen(8888);
 * }</pre>
 *
 * <p>A handler lives for one request and runs on the loop that owns the connection; everything on it is
 * loop-thread only.
 */
@NullMarked
package dev.squall.web;

import org.jspecify.annotations.NullMarked;
