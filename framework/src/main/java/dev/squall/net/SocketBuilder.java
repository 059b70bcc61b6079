package dev.squall.net;

/**
 * The per-connection options that {@link TcpServer.Builder} and {@link TcpClient.Builder} share, said once: the
 * streams' buffer limits and {@code TCP_NODELAY}. Package-private; its setters are part of both public builders.
 *
 * @param <B> the concrete builder, which the setters return
 */
abstract class SocketBuilder<B extends SocketBuilder<B>> {
    IOStream.Options streamOptions = IOStream.Options.DEFAULTS;
    boolean noDelay = true;

    SocketBuilder() {}

    /** Returns this builder as its concrete type. */
    abstract B self();

    /**
     * Sets the buffer limits of the connections' streams (default {@link IOStream.Options#DEFAULTS}).
     *
     * @param options the limits
     * @return this builder
     */
    public B streamOptions(IOStream.Options options) {
        this.streamOptions = options;
        return self();
    }

    /**
     * Sets {@code TCP_NODELAY} on the connections' sockets (default true: small writes such as responses go out
     * at once).
     *
     * @param noDelay whether to disable Nagle's algorithm
     * @return this builder
     */
    public B noDelay(boolean noDelay) {
        this.noDelay = noDelay;
        return self();
    }
}
