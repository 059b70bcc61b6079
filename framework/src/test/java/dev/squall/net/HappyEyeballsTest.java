package dev.squall.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.IOLoop;
import dev.squall.loop.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The happy-eyeballs race on virtual time, with fake connection attempts. */
class HappyEyeballsTest {
    private static final Duration STAGGER = Duration.ofMillis(300);

    private final ManualClock clock = new ManualClock();
    private final IOLoop loop =
            IOLoop.builder().name("eyeballs").clock(clock).daemon(true).build();
    private final List<String> events = new ArrayList<>();
    private final Map<String, BiConsumer<@Nullable String, @Nullable IOException>> dials = new LinkedHashMap<>();
    private @Nullable String winner;
    private @Nullable IOException failure;
    private HappyEyeballs<String> race;

    @AfterEach
    void close() {
        loop.close();
    }

    private static InetSocketAddress addr(String ip) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), 443);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static String name(InetSocketAddress a) {
        return a.getAddress().getHostAddress();
    }

    private void onLoop(Runnable r) {
        loop.runSync(
                () -> {
                    r.run();
                    return CompletableFuture.completedFuture(null);
                },
                Duration.ofSeconds(5));
    }

    private void start(String... ips) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String ip : ips) {
            addresses.add(addr(ip));
        }
        race = new HappyEyeballs<>(
                loop,
                addresses,
                STAGGER,
                (address, done) -> {
                    String n = name(address);
                    events.add(clock.nanoTime() / 1_000_000 + "ms dial " + n);
                    dials.put(n, done);
                    return () -> events.add(clock.nanoTime() / 1_000_000 + "ms abort " + n);
                },
                c -> winner = c,
                e -> failure = e);
        onLoop(race::start);
    }

    /** Advances virtual time, then runs a task so the timers that became due have fired. */
    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
        onLoop(() -> {});
    }

    private void connect(String ip) {
        onLoop(() -> dials.get(ip).accept("conn " + ip, null));
    }

    private void refuse(String ip) {
        onLoop(() -> dials.get(ip).accept(null, new IOException("refused by " + ip)));
    }

    private long t0() {
        return clock.nanoTime() / 1_000_000;
    }

    @Test
    void familiesAlternateStartingWithTheFirstAddresses() {
        List<InetSocketAddress> order = HappyEyeballs.interleave(
                List.of(addr("::1"), addr("::2"), addr("::3"), addr("10.0.0.1"), addr("10.0.0.2")));
        assertEquals(
                List.of("0:0:0:0:0:0:0:1", "10.0.0.1", "0:0:0:0:0:0:0:2", "10.0.0.2", "0:0:0:0:0:0:0:3"),
                order.stream().map(HappyEyeballsTest::name).toList());
        assertEquals(
                List.of("10.0.0.1", "0:0:0:0:0:0:0:1", "10.0.0.2"),
                HappyEyeballs.interleave(List.of(addr("10.0.0.1"), addr("10.0.0.2"), addr("::1"))).stream()
                        .map(HappyEyeballsTest::name)
                        .toList());
    }

    @Test
    void aSilentFirstAddressGetsACompanionAfter300msAndTheFirstToConnectWins() {
        long t = t0();
        start("::1", "10.0.0.1");
        advance(299);
        assertEquals(List.of(t + "ms dial 0:0:0:0:0:0:0:1"), events, "no second attempt before 300 ms");
        advance(1);
        assertEquals((t + 300) + "ms dial 10.0.0.1", events.get(1));
        connect("10.0.0.1");
        assertEquals("conn 10.0.0.1", winner);
        assertEquals((t + 300) + "ms abort 0:0:0:0:0:0:0:1", events.get(2), "the loser is closed");
        assertEquals(3, events.size());
    }

    @Test
    void theFirstAddressCanStillWinAfterTheSecondStarted() {
        start("::1", "10.0.0.1", "::2");
        advance(300);
        connect("0:0:0:0:0:0:0:1");
        assertEquals("conn 0:0:0:0:0:0:0:1", winner);
        assertTrue(events.get(2).endsWith("abort 10.0.0.1"), events.toString());
        advance(1000);
        assertEquals(3, events.size(), "no third attempt after a win: " + events);
    }

    @Test
    void aRefusedAttemptStartsTheNextAtOnce() {
        long t = t0();
        start("::1", "10.0.0.1");
        refuse("0:0:0:0:0:0:0:1");
        assertEquals(t + "ms dial 10.0.0.1", events.get(1), "no 300 ms wait after a failure");
        connect("10.0.0.1");
        assertEquals("conn 10.0.0.1", winner);
    }

    @Test
    void whenEveryAttemptFailsTheLastErrorIsReported() {
        start("::1", "10.0.0.1");
        advance(300);
        refuse("0:0:0:0:0:0:0:1");
        assertNull(failure, "one attempt is still pending");
        refuse("10.0.0.1");
        assertEquals("refused by 10.0.0.1", failure.getMessage());
        assertNull(winner);
    }

    @Test
    void abortClosesEveryPendingAttemptAndStopsTheStagger() {
        start("::1", "10.0.0.1", "::2");
        advance(300);
        onLoop(race::abort);
        advance(1000);
        assertEquals(4, events.size(), events.toString());
        assertTrue(
                events.get(2).endsWith("abort 0:0:0:0:0:0:0:1") && events.get(3).endsWith("abort 10.0.0.1"),
                events.toString());
    }
}
