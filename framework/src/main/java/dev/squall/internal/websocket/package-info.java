/**
 * Not API, may change: the WebSocket protocol engine (RFC 6455 framing, RFC 7692 permessage-deflate, the
 * handshake's key and extension arithmetic, the option checks) shared by the server's
 * {@code dev.squall.websocket} handlers and the client in {@code squall-httpclient}.
 */
@NullMarked
package dev.squall.internal.websocket;

import org.jspecify.annotations.NullMarked;
