package dev.squall.samples.chat;

import dev.squall.http.HttpServer;
import dev.squall.loop.LoopGroup;
import dev.squall.samples.GracefulShutdown;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.lang.System.Logger.Level;

/**
 * {@code java -jar squall-samples.jar chat [--port=8888] [--address=127.0.0.1] [--loops=N]}: serves
 * {@link ChatApp} until the process is stopped. Open {@code /}, {@code /ws} and {@code /sse} in several tabs: a
 * message posted in one appears in all.
 */
public final class ChatSample implements Sample {
    private static final System.Logger LOG = System.getLogger(ChatSample.class.getName());

    /** Creates the sample. */
    public ChatSample() {}

    /**
     * Starts the server, prints its URL and returns; its loops keep the process alive, and a shutdown hook stops
     * it (long polls and event streams are answered first).
     *
     * @param launch port, address and loop count
     * @throws java.io.UncheckedIOException if the server cannot listen (port in use, bad address)
     */
    @Override
    public void run(Launch launch) {
        HttpServer server = start(launch);
        GracefulShutdown.install(server, launch.shutdownGrace(), server.loops()::close, "chat-shutdown");
        String host = launch.address().indexOf(':') >= 0 ? "[" + launch.address() + "]" : launch.address();
        String url = "http://" + host + ":" + server.port() + "/";
        LOG.log(Level.INFO, "Chat on {0} (long polling), {0}ws (WebSocket), {0}sse (EventSource)", url);
        System.out.println("Listening on " + url + " (also " + url + "ws and " + url + "sse)");
    }

    /**
     * Starts {@link ChatApp} on a new server with {@code launch.loops()} loops, without the shutdown hook.
     *
     * @param launch port (0 for a free one), address and loop count
     * @return the listening server; the caller closes it and then {@code server.loops()}
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public static HttpServer start(Launch launch) {
        LoopGroup loops = LoopGroup.create(launch.loops());
        try {
            return ChatApp.app().listen(launch.port(), launch.address(), b -> b.loops(loops));
        } catch (RuntimeException e) {
            loops.close();
            throw e;
        }
    }
}
