package dev.squall.benchmarks;

import dev.squall.http.HttpServer;
import dev.squall.loop.LoopGroup;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import dev.squall.websocket.WebSocketHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap per idle connection on the server: 10,000 idle keep-alive HTTP connections (after one request each), then
 * 10,000 idle WebSockets (after the handshake), each measured as the heap used after a full GC minus the heap
 * before the clients connected. The clients are raw sockets in a child JVM, so their memory is not counted.
 *
 * <pre>
 * java -cp benchmarks/target/squall-benchmarks.jar dev.squall.benchmarks.IdleConnectionMemory [connections]
 * </pre>
 */
public final class IdleConnectionMemory {
    private IdleConnectionMemory() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("clients")) {
            clients(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Application app = Application.builder()
                .route("/", Hello::new)
                .route("/ws", Idle::new)
                .logFunction(h -> {})
                .build();
        try (LoopGroup loops = LoopGroup.create(1)) {
            HttpServer server = HttpServer.builder()
                    .handler(app)
                    .loops(loops)
                    .backlog(4096)
                    .idleTimeout(Duration.ofHours(1))
                    .build();
            server.listen(0, "127.0.0.1");
            int port = server.port();
            measure(port, 200, "http"); // warm up the code paths, so class loading is not counted
            measure(port, 200, "ws");
            long http = measure(port, n, "http");
            long ws = measure(port, n, "ws");
            System.out.printf("idle keep-alive HTTP connection: %d bytes of heap each (%d connections)%n", http / n, n);
            System.out.printf("idle WebSocket:                  %d bytes of heap each (%d connections)%n", ws / n, n);
            server.close();
        }
    }

    static final class Hello extends RequestHandler {
        @Override
        public void get() {
            write("ok");
        }
    }

    static final class Idle extends WebSocketHandler {}

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long measure(int port, int n, String mode) throws Exception {
        long before = usedAfterGc();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        IdleConnectionMemory.class.getName(),
                        "clients",
                        Integer.toString(port),
                        Integer.toString(n),
                        mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"READY".equals(line)) {
            throw new IllegalStateException("the clients failed: " + line);
        }
        long after = usedAfterGc();
        p.getOutputStream().close();
        p.waitFor();
        Thread.sleep(500); // let the server notice the closes
        return after - before;
    }

    private static void clients(int port, int n, String mode) throws Exception {
        String request = mode.equals("ws")
                ? "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
                : "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        List<SocketChannel> open = new ArrayList<>(n);
        ByteBuffer in = ByteBuffer.allocate(4096);
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.write(ByteBuffer.wrap(bytes));
            in.clear();
            while (!endsResponse(in)) {
                if (ch.read(in) < 0) {
                    throw new IllegalStateException("connection " + i + " closed during the handshake");
                }
            }
            open.add(ch);
        }
        System.out.println("READY");
        System.out.flush();
        System.in.read(); // until the parent closes our stdin
        for (SocketChannel ch : open) {
            ch.close();
        }
    }

    private static boolean endsResponse(ByteBuffer in) {
        String s = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        return s.startsWith("HTTP/1.1 101") ? s.contains("\r\n\r\n") : s.endsWith("ok");
    }
}
