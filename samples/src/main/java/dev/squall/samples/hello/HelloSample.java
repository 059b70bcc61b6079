package dev.squall.samples.hello;

import dev.squall.http.HttpServer;
import dev.squall.loop.LoopGroup;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.lang.System.Logger.Level;

/**
 * {@code java -jar squall-samples.jar hello [--port=8888] [--address=127.0.0.1] [--loops=N]}: serves
 * {@link HelloHandler} on an {@link HttpServer} until the process is stopped.
 */
public final class HelloSample implements Sample {
    private static final System.Logger LOG = System.getLogger(HelloSample.class.getName());

    /** Creates the sample. */
    public HelloSample() {}

    /**
     * Starts the server, logs its URL and returns; its loops keep the process alive, and a shutdown hook
     * closes it.
     *
     * @param launch port, address and loop count
     * @throws java.io.UncheckedIOException if the server cannot listen (port in use, bad address)
     */
    @Override public void run(Launch launch) {
        HttpServer server = serve(launch);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            server.loops().close();
        }, "hello-shutdown"));
        String url = "http://" + hostForUrl(launch.address()) + ":" + server.port() + "/";
        LOG.log(Level.INFO, "Listening on {0}", url);
        System.out.println("Listening on " + url);
    }

    /**
     * Starts {@link HelloHandler} on a new server with {@code launch.loops()} loops.
     *
     * @param launch port (0 for a free one), address and loop count
     * @return the listening server; the caller closes it and then {@code server.loops()}
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public static HttpServer serve(Launch launch) {
        LoopGroup loops = LoopGroup.create(launch.loops());
        try {
            return HttpServer.builder().handler(new HelloHandler()).loops(loops).build()
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
