/**
 * The {@code chat} sample: Tornado's two chat demos in one application. A message posted on any of the three pages
 * reaches the clients of all three:
 * <ul>
 *   <li>{@code /} receives over <b>long polling</b> ({@code POST /a/message/updates} with a cursor);</li>
 *   <li>{@code /ws} sends and receives over a <b>WebSocket</b> ({@code /chatsocket});</li>
 *   <li>{@code /sse} receives over <b>Server-Sent Events</b> ({@code GET /a/message/events}, an EventSource).</li>
 * </ul>
 * All of them are fed by one {@link dev.squall.samples.chat.MessageBuffer} (the last 200 messages and the clients
 * waiting for the next one). The guide is {@code docs/realtime.md}.
 */
@NullMarked
package dev.squall.samples.chat;

import org.jspecify.annotations.NullMarked;
