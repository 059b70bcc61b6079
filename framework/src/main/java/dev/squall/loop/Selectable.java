package dev.squall.loop;

/**
 * Something registered with a loop's selector: a listening socket, a connection. The loop calls
 * {@link #onSelected(int)} on its own thread when the channel is ready.
 */
@FunctionalInterface
public interface Selectable {
    /**
     * Handles readiness. Must not block and should not throw; a thrown exception is logged and the loop
     * goes on.
     *
     * @param readyOps the {@link java.nio.channels.SelectionKey} ready-operation bits
     */
    void onSelected(int readyOps);
}
