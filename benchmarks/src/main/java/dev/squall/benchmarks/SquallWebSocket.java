package dev.squall.benchmarks;

import dev.squall.loop.LoopGroup;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import dev.squall.websocket.WebSocketHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Squall's side of ws.sh: a WebSocket server on ONE loop, access log off, with the endpoints the load generator
 * ({@link WebSocketLoad}) drives and {@link VertxWebSocket} also serves:
 *
 * <ul>
 *   <li>{@code /echo}: sends every text message back;
 *   <li>{@code /broadcast}: every open socket is a member of one room; a text message from any member is sent
 *       to every member (itself included), written the plain way — {@code writeMessage} per member;
 *   <li>{@code GET /heap}: the heap used after full GCs, in bytes (for the idle-connection memory figure).
 * </ul>
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.squall.benchmarks.SquallWebSocket --port=8080
 * }</pre>
 */
public final class SquallWebSocket {
    /** The broadcast room: loop-confined (the server has one loop). */
    private static final List<BroadcastSocket> ROOM = new ArrayList<>();

    private SquallWebSocket() {}

    /**
     * Starts the server and runs until the process is stopped.
     *
     * @param args {@code --port=N}, {@code --address=A}
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = BenchArgs.port(args);
        String address = BenchArgs.address(args);
        Application app = Application.builder()
                .route("/echo", EchoSocket::new)
                .route("/broadcast", BroadcastSocket::new)
                .route("/heap", HeapHandler::new)
                .logFunction(h -> {})
                .build();
        app.listen(port, address, b -> b.loops(LoopGroup.create(1)).backlog(4096));
        System.out.println("SquallWebSocket on ws://" + address + ":" + port + "/{echo,broadcast}");
        Thread.currentThread().join();
    }

    /** Echoes each text message. */
    static final class EchoSocket extends WebSocketHandler {
        @Override
        public void onMessage(String text) {
            writeMessage(text);
        }
    }

    /** A member of the room; a message from it goes to every member. */
    static final class BroadcastSocket extends WebSocketHandler {
        @Override
        public void open() {
            ROOM.add(this);
        }

        @Override
        public void onMessage(String text) {
            for (int i = 0, n = ROOM.size(); i < n; i++) {
                ROOM.get(i).writeMessage(text);
            }
        }

        @Override
        public void onClose(int code, String reason) {
            ROOM.remove(this);
        }
    }

    /** {@code GET /heap}: the heap used after full GCs (blocks the loop for about half a second, on purpose). */
    static final class HeapHandler extends RequestHandler {
        @Override
        public void get() {
            write(Long.toString(BenchArgs.heapUsedAfterGc()));
        }
    }
}
