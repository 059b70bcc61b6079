package dev.squall.websocket;

import dev.squall.internal.websocket.OptionChecks;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The limits and settings of a WebSocket connection, server or client side. Immutable; make one with
 * {@link #builder()} and derive with {@link #newBuilder()}.
 *
 * <pre>{@code
 * static final WebSocketOptions OPTIONS = WebSocketOptions.builder()
 *         .pingInterval(Duration.ofSeconds(30))          // dead peers are closed after pingTimeout
 *         .compression(WebSocketCompression.DEFAULT)     // permessage-deflate, when the client offers it
 *         .build();
 *
 * @Override protected WebSocketOptions options() { return OPTIONS; }
 * }</pre>
 */
public final class WebSocketOptions {
    /** The largest message accepted, after inflating: 10 MiB, as Tornado. Larger ones close with 1009. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 10 * 1024 * 1024;
    /** How long {@code close()} waits for the peer's Close frame before closing the socket: 5 s, as Tornado. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Unsent bytes a connection may hold: 16 MiB. A message that would go past it while bytes are still waiting
     * closes the connection with 1008 (the peer does not read fast enough).
     */
    public static final long DEFAULT_MAX_OUTGOING_BUFFER_BYTES = 16L * 1024 * 1024;
    /** No ping, a 10 MiB message limit, 5 s close timeout, 16 MiB outgoing buffer, no compression. */
    public static final WebSocketOptions DEFAULTS = builder().build();

    private final int maxMessageSize;
    private final Duration pingInterval;
    private final @Nullable Duration pingTimeout;
    private final Duration closeTimeout;
    private final long maxOutgoingBufferBytes;
    private final @Nullable WebSocketCompression compression;

    private WebSocketOptions(Builder b) {
        this.maxMessageSize = b.maxMessageSize;
        this.pingInterval = b.pingInterval;
        this.pingTimeout = b.pingTimeout;
        this.closeTimeout = b.closeTimeout;
        this.maxOutgoingBufferBytes = b.maxOutgoingBufferBytes;
        this.compression = b.compression;
    }

    /** Returns a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding these options. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.maxMessageSize = maxMessageSize;
        b.pingInterval = pingInterval;
        b.pingTimeout = pingTimeout;
        b.closeTimeout = closeTimeout;
        b.maxOutgoingBufferBytes = maxOutgoingBufferBytes;
        b.compression = compression;
        return b;
    }

    /** Returns the largest message accepted, in bytes after inflating. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Returns how often a ping is sent; {@link Duration#ZERO} (the default) sends none. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** Returns how long a ping may go unanswered before the peer counts as dead: as set, else the interval. */
    public Duration pingTimeout() {
        return pingTimeout != null ? pingTimeout : pingInterval;
    }

    /** Returns how long a close waits for the peer's Close frame. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** Returns how many unsent bytes the connection may hold before a slow peer is closed with 1008. */
    public long maxOutgoingBufferBytes() {
        return maxOutgoingBufferBytes;
    }

    /** Returns the permessage-deflate settings, or null when compression is off (the default). */
    public @Nullable WebSocketCompression compression() {
        return compression;
    }

    @Override
    public String toString() {
        return "WebSocketOptions[maxMessageSize=" + maxMessageSize + ", pingInterval=" + pingInterval
                + ", pingTimeout=" + pingTimeout() + ", closeTimeout=" + closeTimeout + ", maxOutgoingBufferBytes="
                + maxOutgoingBufferBytes + ", compression=" + compression + "]";
    }

    /** Builds {@link WebSocketOptions}. */
    public static final class Builder {
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Duration pingInterval = Duration.ZERO;
        private @Nullable Duration pingTimeout;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private long maxOutgoingBufferBytes = DEFAULT_MAX_OUTGOING_BUFFER_BYTES;
        private @Nullable WebSocketCompression compression;

        private Builder() {}

        /**
         * Sets the largest message accepted (after inflating); default 10 MiB.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = (int) OptionChecks.positive(bytes, "maxMessageSize");
            return this;
        }

        /**
         * Sends a ping this often and closes the connection when one goes unanswered for
         * {@link #pingTimeout(Duration)}; {@link Duration#ZERO} turns keep-alive off (the default).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = OptionChecks.notNegative(interval, "pingInterval");
            return this;
        }

        /**
         * Sets how long a ping may go unanswered; default: the ping interval. Must not exceed the interval
         * (checked at {@link #build()}).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder pingTimeout(Duration timeout) {
            this.pingTimeout = OptionChecks.positive(timeout, "pingTimeout");
            return this;
        }

        /**
         * Sets how long {@code close()} waits for the peer's Close frame; default 5 s.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = OptionChecks.notNegative(timeout, "closeTimeout");
            return this;
        }

        /**
         * Sets how many unsent bytes may wait for a slow peer; default 16 MiB. One message is always accepted
         * when nothing waits, whatever its size.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxOutgoingBufferBytes(long bytes) {
            this.maxOutgoingBufferBytes = OptionChecks.positive(bytes, "maxOutgoingBufferBytes");
            return this;
        }

        /** Turns permessage-deflate on with these settings, or off with null (the default). */
        public Builder compression(@Nullable WebSocketCompression compression) {
            this.compression = compression;
            return this;
        }

        /**
         * Returns the options.
         *
         * @throws IllegalArgumentException if the ping timeout is longer than the ping interval
         */
        public WebSocketOptions build() {
            if (pingTimeout != null && !pingInterval.isZero() && pingTimeout.compareTo(pingInterval) > 0) {
                throw new IllegalArgumentException("pingTimeout (" + pingTimeout + ") must not be longer than "
                        + "pingInterval (" + pingInterval + "): a ping is due before the last one timed out");
            }
            Objects.requireNonNull(closeTimeout);
            return new WebSocketOptions(this);
        }
    }
}
