/**
 * WebSocket (RFC 6455, with permessage-deflate from RFC 7692) on the server, as Tornado's
 * {@code tornado.websocket}: a {@link dev.squall.websocket.WebSocketHandler} is routed like any handler and, after
 * {@code prepare()} and the handshake, receives messages through callbacks on the connection's loop.
 *
 * <pre>{@code
 * Application app = Application.builder().route("/echo", EchoSocket::new).build();
 *
 * final class EchoSocket extends WebSocketHandler {
 *     @Override public void onMessage(String text) { writeMessage(text); }
 * }
 * }</pre>
 *
 * <p>Styles: {@link dev.squall.websocket.WebSocketHandler} (plain callbacks),
 * {@link dev.squall.websocket.AsyncWebSocketHandler} (callbacks return a stage; reading pauses until it
 * completes), {@link dev.squall.websocket.CoroutineWebSocketHandler} (callbacks may {@code await}); Kotlin's
 * {@code SuspendWebSocketHandler} is in {@code squall-kotlin}.
 */
@NullMarked
package dev.squall.websocket;

import org.jspecify.annotations.NullMarked;
