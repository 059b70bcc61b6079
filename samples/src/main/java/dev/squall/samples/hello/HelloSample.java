package dev.squall.samples.hello;

import dev.squall.http.HttpServer;
import dev.squall.loop.LoopGroup;
import dev.squall.net.TcpServer.AcceptStrategy;
import dev.squall.options.Option;
import dev.squall.options.OptionException;
import dev.squall.options.Options;
import dev.squall.samples.GracefulShutdown;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * {@code java -jar squall-samples.jar hello [--port=8888] [--address=127.0.0.1] [--loops=N]
 * [--accept=acceptor|reuseport] [--access-log]}: serves {@link HelloApp} (the web layer: {@code Application}
 * and one {@code RequestHandler} per route) until the process is stopped. {@code hello-bare} serves the same
 * routes from {@link HelloHandler} straight on the {@link HttpServer}, so the load harness can measure what the
 * web layer costs. {@code --accept} chooses how connections reach the loops ({@link HttpServer.Builder#acceptStrategy}):
 * {@code acceptor} (the default) accepts on one socket and deals connections round-robin, {@code reuseport}
 * gives each loop its own {@code SO_REUSEPORT} socket (Linux).
 */
public final class HelloSample implements Sample {
    /** The default {@code --accept}. */
    public static final String DEFAULT_ACCEPT = "acceptor";

    private static final System.Logger LOG = System.getLogger(HelloSample.class.getName());

    private final boolean bare;
    private Option<String> accept = new Options().define("accept", DEFAULT_ACCEPT);
    private Option<Boolean> accessLog = new Options().define("access-log", false);

    /** Creates the {@code hello} sample, on {@link HelloApp}. */
    public HelloSample() {
        this(false);
    }

    /**
     * Creates the sample.
     *
     * @param bare true for {@code hello-bare} ({@link HelloHandler} on the bare server), false for {@code hello}
     *     ({@link HelloApp})
     */
    public HelloSample(boolean bare) {
        this.bare = bare;
    }

    /**
     * Defines {@code --accept}.
     *
     * @param options where to define it
     */
    @Override
    public void defineOptions(Options options) {
        accept = options.define("accept", DEFAULT_ACCEPT)
                .help(
                        "how connections reach the loops: acceptor (one"
                                + " socket, connections dealt round-robin) or reuseport (a SO_REUSEPORT socket per loop; Linux)");
        if (!bare) {
            accessLog = options.define("access-log", false)
                    .help("log every request, as Tornado does (off by"
                            + " default: the load harness measures the server, and the Vert.x reference logs nothing)");
        }
    }

    /**
     * Starts the server, logs its URL and returns; its loops keep the process alive, and a shutdown hook
     * closes it.
     *
     * @param launch port, address and loop count
     * @throws OptionException if {@code --accept} is neither {@code acceptor} nor {@code reuseport}
     * @throws java.io.UncheckedIOException if the server cannot listen (port in use, bad address)
     */
    @Override
    public void run(Launch launch) {
        HttpServer server = start(launch);
        GracefulShutdown.install(server, launch.shutdownGrace(), server.loops()::close, "hello-shutdown");
        String url = "http://" + hostForUrl(launch.address()) + ":" + server.port() + "/";
        LOG.log(Level.INFO, "Listening on {0} ({1} loop(s), {2})", url, launch.loops(), server.acceptStrategy());
        System.out.println("Listening on " + url);
    }

    /**
     * Starts the server as {@link #run} does, with this sample's parsed options, without the shutdown hook.
     *
     * @param launch port (0 for a free one), address and loop count
     * @return the listening server; the caller closes it and then {@code server.loops()}
     * @throws OptionException if {@code --accept} is neither {@code acceptor} nor {@code reuseport}
     * @throws java.io.UncheckedIOException if the server cannot listen
     */
    public HttpServer start(Launch launch) {
        AcceptStrategy strategy = acceptStrategy(accept.value());
        return bare ? serve(launch, strategy) : serveApp(launch, strategy, accessLog.value());
    }

    /**
     * Starts {@link HelloApp} on a new server with {@code launch.loops()} loops.
     *
     * @param launch port (0 for a free one), address and loop count
     * @param strategy how connections are spread over the loops
     * @param accessLog whether to log every request
     * @return the listening server; the caller closes it and then {@code server.loops()}
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public static HttpServer serveApp(Launch launch, AcceptStrategy strategy, boolean accessLog) {
        LoopGroup loops = LoopGroup.create(launch.loops());
        try {
            return HelloApp.app(accessLog)
                    .listen(launch.port(), launch.address(), b -> b.loops(loops).acceptStrategy(strategy));
        } catch (RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    /**
     * Reads an {@code --accept} value: {@code acceptor} or {@code reuseport}, in any case; {@code reuse-port}
     * and {@code reuse_port} are read as {@code reuseport}.
     *
     * @param value the option's value
     * @return the strategy
     * @throws OptionException for any other value
     */
    public static AcceptStrategy acceptStrategy(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "acceptor" -> AcceptStrategy.ACCEPTOR;
            case "reuseport" -> AcceptStrategy.REUSE_PORT;
            default -> throw new OptionException("option --accept takes acceptor or reuseport, got '" + value + "'");
        };
    }

    /**
     * Starts {@link HelloHandler} on a new server with {@code launch.loops()} loops, accepting on one socket.
     *
     * @param launch port (0 for a free one), address and loop count
     * @return the listening server; the caller closes it and then {@code server.loops()}
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public static HttpServer serve(Launch launch) {
        return serve(launch, AcceptStrategy.ACCEPTOR);
    }

    /**
     * Starts {@link HelloHandler} on a new server with {@code launch.loops()} loops.
     *
     * @param launch port (0 for a free one), address and loop count
     * @param strategy how connections are spread over the loops
     * @return the listening server; the caller closes it and then {@code server.loops()}
     * @throws java.io.UncheckedIOException if the address cannot be bound
     * @throws UnsupportedOperationException for {@link AcceptStrategy#REUSE_PORT} where the platform lacks
     *     {@code SO_REUSEPORT}
     */
    public static HttpServer serve(Launch launch, AcceptStrategy strategy) {
        LoopGroup loops = LoopGroup.create(launch.loops());
        try {
            return HttpServer.builder()
                    .handler(new HelloHandler())
                    .loops(loops)
                    .acceptStrategy(strategy)
                    .build()
                    .listen(launch.port(), launch.address());
        } catch (RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    private static String hostForUrl(String address) {
        return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
