package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.web.Application;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link GracefulShutdown#listen}: a sample that cannot start closes what its application holds (the bench and blog
 * samples' database pools), whether building the application or binding the port failed. (Its success path, the
 * shutdown hook, is {@link GracefulShutdownProcessTest}'s.)
 */
class GracefulShutdownListenTest {
    private final AtomicInteger closed = new AtomicInteger();

    @Test
    void aPortInUseClosesTheResourcesOnce() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Launch launch = new Launch(taken.getLocalPort(), "127.0.0.1", 1, List.of());
            assertThrows(
                    UncheckedIOException.class,
                    () -> GracefulShutdown.listen(
                            () -> Application.builder().build(), launch, closed::incrementAndGet, "test-shutdown"));
        }
        assertEquals(1, closed.get());
    }

    @Test
    void anApplicationThatCannotBeBuiltClosesTheResourcesOnce() {
        Launch launch = new Launch(0, "127.0.0.1", 1, List.of());
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> GracefulShutdown.listen(
                        () -> {
                            throw new IllegalStateException("no templates");
                        },
                        launch,
                        closed::incrementAndGet,
                        "test-shutdown"));
        assertTrue(e.getMessage().contains("no templates"), e.getMessage());
        assertEquals(1, closed.get());
    }
}
