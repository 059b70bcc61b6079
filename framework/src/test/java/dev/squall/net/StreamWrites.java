package dev.squall.net;

/** Test access to an {@link IOStream}'s count of writes, for tests outside its package. */
public final class StreamWrites {
    private StreamWrites() {}

    /** Returns how many times {@code stream} handed its write buffer to the socket. Loop thread. */
    public static int batches(IOStream stream) {
        return stream.writeBatches();
    }
}
