package dev.squall.samples.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The chat's memory, as in Tornado's chat demo: the last {@code capacity} messages, and the clients waiting for the
 * next one. Every transport (long polling, WebSocket, Server-Sent Events) subscribes here with its <b>cursor</b>,
 * the id of the last message it has, and gets what it missed at once and every later message as it is added.
 *
 * <p>Thread-safe: the server runs several loops, and a message posted on one reaches clients on all of them. A
 * {@link Listener} is called under this buffer's lock on the poster's thread, so it must only hand the messages
 * over to its own loop ({@code loop.tryExecute}) or to a method that may be called from any thread
 * ({@code writeMessage} of a WebSocket).
 *
 * <p>Behind several processes this class is what would move to Redis pub/sub or PostgreSQL {@code LISTEN/NOTIFY};
 * the handlers would not change.
 */
public final class MessageBuffer {
    /** How many messages are kept by default: the last 200, as Tornado's demo. */
    public static final int DEFAULT_CAPACITY = 200;

    private final int capacity;
    private final ArrayDeque<Message> messages;
    private final Set<Listener> listeners = new LinkedHashSet<>();
    private long lastId;

    /** Receives messages; see the class comment for the thread it runs on. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called with what the subscriber missed (once, at once, if anything), then with each new message.
         *
         * @param messages one or more messages, oldest first
         */
        void deliver(List<Message> messages);
    }

    /** A subscription; {@link #close()} stops the deliveries. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        /** Removes the listener; idempotent, any thread. */
        @Override
        void close();
    }

    /** Creates a buffer of {@link #DEFAULT_CAPACITY} messages. */
    public MessageBuffer() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates a buffer.
     *
     * @param capacity how many messages to keep, at least 1
     * @throws IllegalArgumentException if below 1
     */
    public MessageBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a message buffer keeps at least 1 message, not " + capacity);
        }
        this.capacity = capacity;
        this.messages = new ArrayDeque<>(capacity);
    }

    /**
     * Adds a message, dropping the oldest past the capacity, and delivers it to every listener.
     *
     * @param body the text
     * @return the message, with its id
     */
    public synchronized Message add(String body) {
        Message m = new Message(++lastId, body);
        if (messages.size() == capacity) {
            messages.removeFirst();
        }
        messages.addLast(m);
        List<Message> one = List.of(m);
        for (Listener l : List.copyOf(listeners)) {
            l.deliver(one);
        }
        return m;
    }

    /**
     * Returns the messages after {@code cursor}, oldest first. A client without a cursor, or with one this buffer
     * does not know (too old: dropped since; or from before a restart), gets every message kept, as in Tornado's
     * demo.
     *
     * @param cursor the id of the last message the client has, or null
     * @return the messages it has not seen
     */
    public synchronized List<Message> since(@Nullable String cursor) {
        long after = parse(cursor);
        Message first = messages.peekFirst();
        if (after < 0 || first == null || after < first.id() - 1 || after > lastId) {
            return List.copyOf(messages);
        }
        List<Message> newer = new ArrayList<>((int) (lastId - after));
        for (Message m : messages) {
            if (m.id() > after) {
                newer.add(m);
            }
        }
        return newer;
    }

    /**
     * Subscribes: delivers the messages after {@code cursor} at once if there are any ({@link #since}), then every
     * new message, with nothing lost or repeated in between.
     *
     * @param cursor the id of the last message the client has, or null for every message kept
     * @param listener where the messages go
     * @return the subscription; close it when the client goes away
     */
    public synchronized Subscription subscribe(@Nullable String cursor, Listener listener) {
        List<Message> missed = since(cursor);
        if (!missed.isEmpty()) {
            listener.deliver(missed);
        }
        listeners.add(listener);
        return () -> unsubscribe(listener);
    }

    private synchronized void unsubscribe(Listener listener) {
        listeners.remove(listener);
    }

    /** Returns how many clients are subscribed (waiting long polls, open WebSockets and event streams). */
    public synchronized int subscribers() {
        return listeners.size();
    }

    /** Returns the id of the newest message as a cursor, or {@code ""} when there is none yet. */
    public synchronized String cursor() {
        return lastId == 0 ? "" : Long.toString(lastId);
    }

    private static long parse(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < cursor.length(); i++) {
            char c = cursor.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
