package dev.squall.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.concurrent.TimeUnit;

/**
 * The peer that static.sh measures Squall's {@code StaticFileHandler} against: Vert.x web's {@link StaticHandler}
 * serving a directory under {@code /static/} on ONE event loop, with its file-property cache on (its default)
 * and Netty's native transport when it loads.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.squall.benchmarks.VertxStatic --port=8080 --dir=/tmp/files
 * }</pre>
 */
public final class VertxStatic {
    private VertxStatic() {}

    /**
     * Starts the server and runs until the process is stopped.
     *
     * @param args {@code --port=N} (default 8080), {@code --address=A} (default 127.0.0.1), {@code --dir=PATH}
     *     (default {@code .})
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = BenchArgs.port(args);
        String address = BenchArgs.address(args);
        String dir = BenchArgs.value(args, "dir", ".");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        Router router = Router.router(vertx);
        router.route("/static/*")
                .handler(StaticHandler.create(FileSystemAccess.ROOT, dir)
                        .setCachingEnabled(true)
                        .setSendVaryHeader(false));
        vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost(address))
                .requestHandler(router)
                .listen()
                .await(10, TimeUnit.SECONDS);
        System.out.println("VertxStatic on http://" + address + ":" + port + "/static/ serving " + dir
                + " (native transport: " + vertx.isNativeTransportEnabled() + ")");
        Thread.currentThread().join();
    }
}
