package dev.squall.benchmarks;

import dev.squall.loop.LoopGroup;
import dev.squall.web.Application;
import java.nio.file.Path;

/**
 * Squall's side of static.sh: an {@link Application} whose {@code staticPath} is the given directory, on ONE
 * loop, access log off (as the Vert.x peer logs nothing).
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.squall.benchmarks.SquallStatic --port=8080 --dir=/tmp/files
 * }</pre>
 */
public final class SquallStatic {
    private SquallStatic() {}

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
        Application app = Application.builder()
                .staticPath(Path.of(dir))
                .logFunction(h -> {})
                .build();
        app.listen(port, address, b -> b.loops(LoopGroup.create(1)));
        System.out.println("SquallStatic on http://" + address + ":" + port + "/static/ serving " + dir);
        Thread.currentThread().join();
    }
}
