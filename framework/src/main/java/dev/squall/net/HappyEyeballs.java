package dev.squall.net;

import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Happy eyeballs (RFC 8305, as Tornado's {@code TCPClient}): connection attempts to a host's addresses, started
 * one after another with a stagger, racing, the first to connect winning. The addresses are interleaved by
 * family starting with the resolver's first choice (IPv6, IPv4, IPv6, ...; RFC 8305 section 4), and the next
 * attempt starts when the previous one fails or after {@link #DEFAULT_STAGGER} without an answer, whichever comes
 * first; a dead IPv6 route then costs 300 ms, not a connect timeout. All on one loop, timers on its clock.
 *
 * @param <C> what a successful attempt yields (a connected channel)
 */
final class HappyEyeballs<C> {
    /** The delay before the next attempt starts while the previous one is still pending, as Tornado's 0.3 s. */
    static final Duration DEFAULT_STAGGER = Duration.ofMillis(300);

    /** Starts one connection attempt; it reports through {@code done} on the loop. */
    interface Dialer<C> {
        /**
         * Starts connecting to {@code address}.
         *
         * @param address the address
         * @param done called once on the loop with the result or the error (unless aborted first)
         * @return the attempt, to abort if another one wins
         * @throws IOException if the attempt cannot even start (it then counts as failed)
         */
        Dial dial(InetSocketAddress address, BiConsumer<@Nullable C, @Nullable IOException> done) throws IOException;
    }

    /** A pending attempt. */
    interface Dial {
        /** Gives up the attempt and frees what it holds; no report follows. */
        void abort();
    }

    private final IOLoop loop;
    private final List<InetSocketAddress> order;
    private final Duration stagger;
    private final Dialer<C> dialer;
    private final Consumer<C> onWin;
    private final Consumer<IOException> onFail;
    private final Map<InetSocketAddress, Dial> pending = new LinkedHashMap<>();
    private int next;
    private @Nullable Timeout staggerTimer;
    private @Nullable IOException lastError;
    private boolean done;

    HappyEyeballs(
            IOLoop loop,
            List<InetSocketAddress> addresses,
            Duration stagger,
            Dialer<C> dialer,
            Consumer<C> onWin,
            Consumer<IOException> onFail) {
        this.loop = loop;
        this.order = interleave(addresses);
        this.stagger = stagger;
        this.dialer = dialer;
        this.onWin = onWin;
        this.onFail = onFail;
    }

    /** Returns the addresses in the order they are tried: families alternating, the first address's first. */
    static List<InetSocketAddress> interleave(List<InetSocketAddress> addresses) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        boolean firstIsV6 = addresses.get(0).getAddress() instanceof Inet6Address;
        List<InetSocketAddress> primary = new ArrayList<>();
        List<InetSocketAddress> secondary = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            ((a.getAddress() instanceof Inet6Address) == firstIsV6 ? primary : secondary).add(a);
        }
        List<InetSocketAddress> out = new ArrayList<>(addresses.size());
        for (int i = 0; i < Math.max(primary.size(), secondary.size()); i++) {
            if (i < primary.size()) {
                out.add(primary.get(i));
            }
            if (i < secondary.size()) {
                out.add(secondary.get(i));
            }
        }
        return out;
    }

    /** Starts the first attempt. On the loop. */
    void start() {
        startNext();
    }

    /** Aborts every pending attempt, without a report (the caller timed out or was cancelled). On the loop. */
    void abort() {
        done = true;
        cancelTimer();
        for (Dial d : List.copyOf(pending.values())) {
            d.abort();
        }
        pending.clear();
    }

    private void startNext() {
        cancelTimer();
        while (!done && next < order.size()) {
            InetSocketAddress address = order.get(next++);
            try {
                boolean[] reported = {false};
                Dial d = dialer.dial(address, (c, e) -> {
                    reported[0] = true;
                    finished(address, c, e);
                });
                if (done || reported[0]) {
                    return; // it connected (or failed) at once, and finished() went on from there
                }
                pending.put(address, d);
                if (next < order.size()) {
                    staggerTimer = loop.callLater(stagger, this::startNext);
                }
                return;
            } catch (IOException e) {
                lastError = e;
            }
        }
        failIfNothingLeft();
    }

    private void finished(InetSocketAddress address, @Nullable C connection, @Nullable IOException error) {
        pending.remove(address);
        if (done) {
            return;
        }
        if (connection != null) {
            done = true;
            cancelTimer();
            for (Dial d : List.copyOf(pending.values())) {
                d.abort();
            }
            pending.clear();
            onWin.accept(connection);
            return;
        }
        lastError = error;
        if (pending.isEmpty()) {
            startNext(); // nothing else in flight: the next address now, not after the stagger
        }
    }

    private void failIfNothingLeft() {
        if (!done && pending.isEmpty() && next >= order.size()) {
            done = true;
            IOException e = lastError;
            onFail.accept(e != null ? e : new IOException("no address to connect to"));
        }
    }

    private void cancelTimer() {
        Timeout t = staggerTimer;
        if (t != null) {
            t.cancel();
            staggerTimer = null;
        }
    }
}
