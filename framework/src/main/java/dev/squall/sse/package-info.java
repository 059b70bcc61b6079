/**
 * Server-Sent Events ({@code text/event-stream}, the HTML standard's {@code EventSource}): {@link
 * dev.squall.sse.EventStream} turns any request handler's response into a stream of
 * {@link dev.squall.sse.ServerSentEvent}s, each flushed with backpressure.
 */
@NullMarked
package dev.squall.sse;

import org.jspecify.annotations.NullMarked;
