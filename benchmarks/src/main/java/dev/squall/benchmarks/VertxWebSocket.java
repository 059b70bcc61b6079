package dev.squall.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peer that ws.sh measures {@link SquallWebSocket} against: vertx-core's WebSocket server on ONE event loop
 * with Netty's native transport, serving the same endpoints the same way — {@code /echo} ({@code
 * writeTextMessage} of each text message), {@code /broadcast} (each message to every open member with {@code
 * writeTextMessage}, the idiomatic loop over the members) and {@code GET /heap}.
 *
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.squall.benchmarks.VertxWebSocket --port=8080
 * }</pre>
 */
public final class VertxWebSocket {
    private VertxWebSocket() {}

    /**
     * Starts the server and runs until the process is stopped.
     *
     * @param args {@code --port=N}, {@code --address=A}
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = BenchArgs.port(args);
        String address = BenchArgs.address(args);
        // As VertxHello: the settings Vert.x's own benchmark entries use.
        System.setProperty("vertx.disableContextTimings", "true");
        System.setProperty("vertx.threadChecks", "false");
        System.setProperty("io.netty.buffer.checkBounds", "false");
        System.setProperty("io.netty.buffer.checkAccessible", "false");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        List<ServerWebSocket> room = new ArrayList<>(); // event-loop confined (one loop)
        vertx.createHttpServer(new HttpServerOptions()
                        .setPort(port)
                        .setHost(address)
                        .setAcceptBacklog(4096)
                        .setHttp2ClearTextEnabled(false))
                .webSocketHandler(ws -> {
                    switch (ws.path()) {
                        case "/echo" -> ws.textMessageHandler(ws::writeTextMessage);
                        case "/broadcast" -> {
                            room.add(ws);
                            ws.closeHandler(v -> room.remove(ws));
                            ws.textMessageHandler(text -> {
                                for (int i = 0, n = room.size(); i < n; i++) {
                                    room.get(i).writeTextMessage(text);
                                }
                            });
                        }
                        default -> ws.close((short) 1008, "no such endpoint");
                    }
                })
                .requestHandler(req -> {
                    if (req.path().equals("/heap")) {
                        req.response().end(Long.toString(BenchArgs.heapUsedAfterGc()));
                    } else {
                        req.response().setStatusCode(404).end();
                    }
                })
                .listen()
                .await(10, TimeUnit.SECONDS);
        System.out.println("VertxWebSocket on ws://" + address + ":" + port + "/{echo,broadcast} (native transport: "
                + vertx.isNativeTransportEnabled() + ")");
        Thread.currentThread().join();
    }
}
