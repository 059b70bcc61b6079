package dev.squall.benchmarks;

/**
 * The command line of the peer servers ({@link VertxHello}, {@link NettyHello}): {@code --port=N} (default 8080),
 * {@code --address=A} (default 127.0.0.1), and {@code --loops=1}, accepted for symmetry with Squall's samples
 * (the peers always run one event loop).
 *
 * @param port the port to listen on
 * @param address the address to bind
 */
record PeerArgs(int port, String address) {
    /** Default {@code --port}. */
    static final int DEFAULT_PORT = 8080;
    /** Default {@code --address}. */
    static final String DEFAULT_ADDRESS = "127.0.0.1";

    /**
     * Parses {@code args}; on an unknown argument, prints the usage of {@code server} and exits with status 2.
     *
     * @param args the command line
     * @param server the main class, named in the usage line
     * @return the port and address
     */
    static PeerArgs parse(String[] args, Class<?> server) {
        int port = DEFAULT_PORT;
        String address = DEFAULT_ADDRESS;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--address=")) {
                address = arg.substring("--address=".length());
            } else if (!arg.equals("--loops=1")) {
                System.err.println("unknown argument " + arg + "; usage: java -cp benchmarks.jar " + server.getName()
                        + " [--port=N] [--address=A] (always one event loop)");
                System.exit(2);
            }
        }
        return new PeerArgs(port, address);
    }
}
