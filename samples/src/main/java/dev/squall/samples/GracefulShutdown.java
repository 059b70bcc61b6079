package dev.squall.samples;

import dev.squall.http.HttpServer;
import dev.squall.loop.LoopGroup;
import dev.squall.web.Application;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Stops a sample's server gracefully when the process is asked to stop (SIGTERM, Ctrl-C): a JVM shutdown hook
 * calls {@link HttpServer#shutdown(Duration)} — no new connections, idle ones closed at once, requests in
 * progress finish — waits for it up to the grace period, then closes the server and runs {@code afterwards}.
 */
public final class GracefulShutdown {
    private static final System.Logger LOG = System.getLogger("dev.squall.samples");
    /** Extra wait past the grace for the last connections to close. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    private GracefulShutdown() {}

    /**
     * Starts an application that holds resources of its own (a database pool) on {@code launch}'s port and address,
     * on a new group of {@code launch.loops()} loops, and installs the shutdown hook: the server, then the loops,
     * then {@code closeResources}. If the application cannot be built or the server cannot listen, the loops are
     * closed and {@code closeResources} runs before the exception is rethrown.
     *
     * @param app builds the application (called once, here)
     * @param launch port, address, loop count and shutdown grace
     * @param closeResources closes what the application holds
     * @param name the hook thread's name
     * @return the listening server
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public static HttpServer listen(Supplier<Application> app, Launch launch, Runnable closeResources, String name) {
        LoopGroup loops = LoopGroup.create(launch.loops());
        HttpServer server;
        try {
            server = app.get().listen(launch.port(), launch.address(), b -> b.loops(loops));
        } catch (RuntimeException e) {
            loops.close();
            closeResources.run();
            throw e;
        }
        install(
                server,
                launch.shutdownGrace(),
                () -> {
                    loops.close();
                    closeResources.run();
                },
                name);
        return server;
    }

    /**
     * Installs the shutdown hook.
     *
     * @param server the server to shut down
     * @param grace how long requests in progress may take ({@code --shutdown-grace})
     * @param afterwards what to close once the server is closed (its loops, other resources)
     * @param name the hook thread's name
     */
    public static void install(HttpServer server, Duration grace, Runnable afterwards, String name) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.shutdown(grace)
                                        .toCompletableFuture()
                                        .get(grace.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (ExecutionException | TimeoutException e) {
                                LOG.log(Level.WARNING, "graceful shutdown did not complete: " + e);
                            } finally {
                                server.close();
                                afterwards.run();
                            }
                        },
                        name));
    }
}
