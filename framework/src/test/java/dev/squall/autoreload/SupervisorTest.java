package dev.squall.autoreload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real child JVMs: a change starts a new child only after the old one has exited. */
class SupervisorTest {
    /** A child that runs until it is stopped. */
    public static final class WaitingChild {
        public static void main(String[] args) throws InterruptedException {
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    @Test
    void aChangeStopsTheChildThenStartsANewOne(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(
                java, "-Xshare:auto", "-cp", System.getProperty("java.class.path"), WaitingChild.class.getName());
        BlockingQueue<Process> started = new LinkedBlockingQueue<>();
        Autoreload.Supervisor supervisor = new Autoreload.Supervisor(
                command, List.of(dir), Duration.ofMillis(20), Duration.ofMillis(40), started::add);
        Thread thread = Thread.ofPlatform().name("supervisor-under-test").start(() -> {
            try {
                supervisor.run();
            } catch (InterruptedException e) {
                // asked to stop
            }
        });
        Process first = null;
        Process second = null;
        try {
            first = started.poll(30, TimeUnit.SECONDS);
            assertNotNull(first, "the first child starts at once");
            assertTrue(first.isAlive());
            Files.writeString(dir.resolve("Changed.class"), "x");
            second = started.poll(30, TimeUnit.SECONDS);
            assertNotNull(second, "a change starts a new child");
            assertFalse(first.isAlive(), "the old child exited before the new one started");
            assertTrue(second.isAlive());
        } finally {
            thread.interrupt();
            thread.join(30_000);
        }
        assertFalse(thread.isAlive());
        assertFalse(second.isAlive(), "stopping the supervisor stops its child");
        assertEquals(0, started.size(), "no other child was started");
    }
}
