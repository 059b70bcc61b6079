package dev.squall.samples;

import dev.squall.http.HttpServer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
