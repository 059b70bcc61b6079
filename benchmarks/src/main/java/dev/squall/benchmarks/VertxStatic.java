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
     * @param args {@code --port=N}, {@code --address=A}, {@code --dir=PATH}
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        String address = "127.0.0.1";
        String dir = ".";
        for (String a : args) {
            if (a.startsWith("--port=")) {
                port = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--address=")) {
                address = a.substring(10);
            } else if (a.startsWith("--dir=")) {
                dir = a.substring(6);
            }
        }
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
