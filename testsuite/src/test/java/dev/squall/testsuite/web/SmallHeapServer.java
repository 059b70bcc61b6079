package dev.squall.testsuite.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpServer;
import dev.squall.web.Application;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A server in a child JVM whose heap is 64 MB, for the bounded-memory tests: the child's {@code main} serves an
 * application with {@link #serve} (which prints {@code port=N}), the test starts it with {@link #start} and reads
 * the port.
 */
final class SmallHeapServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private SmallHeapServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code main} in a JVM with {@code -Xmx64m} and this class path, and waits for its port. */
    static SmallHeapServer start(Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String[] command = new String[5 + args.length];
        command[0] = java;
        command[1] = "-Xmx64m";
        command[2] = "-cp";
        command[3] = System.getProperty("java.class.path");
        command[4] = main.getName();
        System.arraycopy(args, 0, command, 5, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("port=")) {
                int end = 5;
                while (end < line.length() && Character.isDigit(line.charAt(end))) {
                    end++;
                }
                port = Integer.parseInt(line.substring(5, end));
                break;
            }
        }
        if (port <= 0) {
            process.destroyForcibly();
        }
        assertTrue(port > 0, "the server did not start");
        return new SmallHeapServer(process, port);
    }

    /** The child's side: serves {@code app} on a free loopback port, prints {@code port=N} and runs until killed. */
    static void serve(Application app) throws InterruptedException {
        HttpServer server = app.listen(0, "127.0.0.1");
        System.out.println("port=" + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
