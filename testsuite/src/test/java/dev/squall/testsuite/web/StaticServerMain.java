package dev.squall.testsuite.web;

import dev.squall.web.Application;
import java.nio.file.Path;

/**
 * Serves a directory's files on a free port and prints the port: the server that
 * {@link StaticFileBoundedMemoryTest} starts in a JVM with a small heap.
 */
public final class StaticServerMain {
    private StaticServerMain() {}

    /**
     * Runs until killed.
     *
     * @param args the directory to serve
     */
    public static void main(String[] args) throws Exception {
        Application app = Application.builder()
                .staticPath(Path.of(args[0]))
                .logFunction(h -> {})
                .build();
        SmallHeapServer.serve(app);
    }
}
