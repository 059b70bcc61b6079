package dev.squall.samples;

import java.util.List;

/**
 * The options every sample accepts, as parsed from the command line, and the positional arguments.
 *
 * @param port the port to listen on ({@code --port}, default {@value Main#DEFAULT_PORT}; 0 picks a free port)
 * @param address the address to bind ({@code --address}, default {@value Main#DEFAULT_ADDRESS})
 * @param loops how many event loops to run ({@code --loops}, default one per core)
 * @param arguments the arguments that are not options, in order
 */
public record Launch(int port, String address, int loops, List<String> arguments) {
    /** Copies the argument list. */
    public Launch {
        arguments = List.copyOf(arguments);
    }
}
