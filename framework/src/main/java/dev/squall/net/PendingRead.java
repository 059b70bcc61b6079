package dev.squall.net;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The one futures read an {@link IOStream} may have pending ({@code readUntil}, {@code readBytes},
 * {@code readBytesPartial}, {@code readUntilClose}): what it waits for, and completing it from the stream's
 * {@link ReadBuffer} once those bytes are there. Loop only.
 *
 * <p>A read is forgotten before its future completes, so a continuation may start the next read at once.
 */
final class PendingRead {
    private static final System.Logger LOG = System.getLogger("dev.squall.net");

    /** What a read waits for. */
    enum Kind {
        /** Up to and including a delimiter, within a most number of bytes. */
        UNTIL,
        /** Exactly a number of bytes. */
        BYTES,
        /** At least one byte, at most a number. */
        PARTIAL,
        /** Everything until the stream closes. */
        UNTIL_CLOSE,
        /** Up to the end of a regular expression's first match, within a most number of bytes. */
        UNTIL_REGEX,
        /** Into the caller's buffer: exactly its remaining space, or (partial) at least one byte. */
        INTO
    }

    private final Object stream;
    private final Consumer<UnsatisfiableReadException> onUnsatisfiable;
    private @Nullable Kind kind;
    private @Nullable CompletableFuture<?> future;
    private byte @Nullable [] delimiter;
    private @Nullable Pattern pattern;
    private @Nullable ByteBuffer target;
    private boolean partial;
    /** maxBytes for UNTIL and PARTIAL, the count for BYTES. */
    private int limit;
    /** For UNTIL: how many buffered bytes are known not to start the delimiter. */
    private int scanned;

    /**
     * @param stream the stream, named in error messages
     * @param onUnsatisfiable closes the stream after a read failed because its delimiter cannot come within
     *     its maxBytes
     */
    PendingRead(Object stream, Consumer<UnsatisfiableReadException> onUnsatisfiable) {
        this.stream = stream;
        this.onUnsatisfiable = onUnsatisfiable;
    }

    /** Returns whether a read is pending. */
    boolean isPending() {
        return future != null;
    }

    /** Returns what the pending read waits for, or null if none is pending. */
    @Nullable
    Kind kind() {
        return kind;
    }

    /**
     * Makes a read pending; the caller checked that none is.
     *
     * @param delimiter for {@link Kind#UNTIL}, else null
     * @param limit maxBytes for {@link Kind#UNTIL} and {@link Kind#PARTIAL}, the count for {@link Kind#BYTES}
     * @return the read's future
     */
    CompletableFuture<ByteString> start(Kind kind, byte @Nullable [] delimiter, int limit) {
        assert future == null : "a read is pending already";
        CompletableFuture<ByteString> f = new CompletableFuture<>();
        this.future = f;
        this.kind = kind;
        this.delimiter = delimiter;
        this.limit = limit;
        this.scanned = 0;
        return f;
    }

    /**
     * Makes a {@link Kind#UNTIL_REGEX} read pending; the caller checked that none is.
     *
     * @param pattern matched against the buffered bytes read as ISO-8859-1
     * @param maxBytes the most bytes the result may have
     * @return the read's future
     */
    CompletableFuture<ByteString> startRegex(Pattern pattern, int maxBytes) {
        CompletableFuture<ByteString> f = start(Kind.UNTIL_REGEX, null, maxBytes);
        this.pattern = pattern;
        return f;
    }

    /**
     * Makes a {@link Kind#INTO} read pending; the caller checked that none is.
     *
     * @param target the caller's buffer, filled from its position
     * @param partial whether at least one byte is enough, rather than the buffer's whole remaining space
     * @return the read's future, completed with the number of bytes put into {@code target}
     */
    CompletableFuture<Integer> startInto(ByteBuffer target, boolean partial) {
        assert future == null : "a read is pending already";
        CompletableFuture<Integer> f = new CompletableFuture<>();
        this.future = f;
        this.kind = Kind.INTO;
        this.target = target;
        this.partial = partial;
        this.limit = target.remaining();
        return f;
    }

    /**
     * Completes the pending read from {@code buffer} if the bytes it waits for are there. A
     * {@link Kind#UNTIL} read whose delimiter cannot come within its maxBytes fails with an
     * {@link UnsatisfiableReadException}, which then goes to {@code onUnsatisfiable}.
     *
     * @return true if the read is over (or none was pending), false if it still waits
     */
    boolean tryComplete(ReadBuffer buffer) {
        Kind k = kind;
        if (k == null) {
            return true;
        }
        int available = buffer.available();
        switch (k) {
            case UNTIL -> {
                byte[] d = delimiter;
                assert d != null;
                int at = available == 0 ? -1 : buffer.indexOf(scanned, d);
                if (at >= 0 || available >= limit) {
                    return endAt(buffer, at >= 0 ? at + d.length : -1);
                }
                scanned = Math.max(0, available - d.length + 1);
                return false;
            }
            case BYTES -> {
                if (available >= limit) {
                    complete(buffer.take(limit));
                    return true;
                }
                return false;
            }
            case PARTIAL -> {
                if (available > 0) {
                    complete(buffer.take(Math.min(available, limit)));
                    return true;
                }
                return false;
            }
            case UNTIL_REGEX -> {
                Pattern pt = pattern;
                assert pt != null;
                if (available > 0) {
                    Matcher m = pt.matcher(buffer.latin1View());
                    if (m.find()) {
                        return endAt(buffer, m.end());
                    }
                }
                return available >= limit && endAt(buffer, -1);
            }
            case INTO -> {
                ByteBuffer t = target;
                assert t != null;
                if (available >= limit || (partial && available > 0) || limit == 0) {
                    int n = Math.min(available, limit);
                    buffer.takeInto(t, n);
                    complete(n);
                    return true;
                }
                return false;
            }
            default -> {
                return false; // UNTIL_CLOSE completes at close
            }
        }
    }

    /**
     * Ends the pending read because the stream closed: it completes if its bytes are buffered, a
     * {@link Kind#UNTIL_CLOSE} read after a clean close gets everything buffered, and any other fails.
     *
     * @param cleanClose whether the stream closed without an error
     * @param closedError makes the error a failed read gets
     */
    void finishAtClose(ReadBuffer buffer, boolean cleanClose, Supplier<? extends Throwable> closedError) {
        if (tryComplete(buffer)) {
            return;
        }
        if (kind == Kind.UNTIL_CLOSE && cleanClose) {
            complete(buffer.take(buffer.available()));
        } else {
            fail(closedError.get());
        }
    }

    /** Fails the pending read, if any, with {@code error}. */
    void fail(Throwable error) {
        CompletableFuture<?> f = future;
        clear();
        if (f != null) {
            f.completeExceptionally(error);
        }
    }

    /**
     * Ends a delimiter or pattern read whose match ends at {@code end} (-1: no match, and the buffer holds
     * maxBytes or more): completes it with the bytes up to there, or fails it as unsatisfiable past maxBytes.
     *
     * @return true (the read is over)
     */
    private boolean endAt(ReadBuffer buffer, int end) {
        if (end < 0 || end > limit) {
            unsatisfiable(end < 0 ? buffer.available() : end);
        } else {
            complete(buffer.take(end));
        }
        return true;
    }

    // The future's type is the one start() or startInto() made for the pending kind: ByteString, or Integer for
    // INTO.
    @SuppressWarnings("unchecked")
    private <T> void complete(T value) {
        CompletableFuture<T> f = (CompletableFuture<T>) future;
        clear();
        if (f != null) {
            f.complete(value);
        }
    }

    private void unsatisfiable(int seen) {
        String what = (pattern != null
                        ? "readUntilRegex(" + pattern.pattern() + ")"
                        : "readUntil(" + ByteString.of(delimiter).hex() + ")")
                + " did not find its delimiter within maxBytes="
                + limit + " bytes (" + seen + " bytes looked at) on " + stream + "; the stream is closed";
        UnsatisfiableReadException e = new UnsatisfiableReadException(what);
        LOG.log(Level.DEBUG, what);
        fail(e);
        onUnsatisfiable.accept(e);
    }

    private void clear() {
        future = null;
        kind = null;
        delimiter = null;
        pattern = null;
        target = null;
    }
}
