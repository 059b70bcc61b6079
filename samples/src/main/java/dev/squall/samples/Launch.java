package dev.squall.samples;

import java.time.Duration;
import java.util.List;

/**
 * The options every sample accepts, as parsed from the command line, and the positional arguments.
 *
 * @param port the port to listen on ({@code --port}, default {@value Main#DEFAULT_PORT}; 0 picks a free port)
 * @param address the address to bind ({@code --address}, default {@value Main#DEFAULT_ADDRESS})
 * @param loops how many event loops to run ({@code --loops}, default one per core)
 * @param arguments the arguments that are not options, in order
 * @param shutdownGrace how long requests in progress may take to finish when the process is stopped
 *     ({@code --shutdown-grace}, default {@link Main#DEFAULT_SHUTDOWN_GRACE}; see {@link GracefulShutdown})
 */
public record Launch(int port, String address, int loops, List<String> arguments, Duration shutdownGrace) {
    /** Copies the argument list. */
    public Launch {
        arguments = List.copyOf(arguments);
    }

    /**
     * Creates launch options with the default shutdown grace ({@link Main#DEFAULT_SHUTDOWN_GRACE}).
     *
     * @param port the port
     * @param address the address
     * @param loops the loop count
     * @param arguments the positional arguments
     */
    public Launch(int port, String address, int loops, List<String> arguments) {
        this(port, address, loops, arguments, Main.DEFAULT_SHUTDOWN_GRACE);
    }
}
