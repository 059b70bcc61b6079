package dev.squall.testsuite.web;

import dev.squall.http.HttpServer;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;

/**
 * Answers {@code POST /} with the size of the body it buffered, on a free port, with the default body budget
 * (a quarter of the heap): the server that {@link BodyBudgetSmallHeapTest} starts in a JVM with a small heap.
 */
public final class BodyServerMain {
    private BodyServerMain() {}

    /** Counts the body's bytes. */
    static final class Size extends RequestHandler {
        @Override
        public void post() {
            write(Integer.toString(request().body().length));
        }
    }

    /**
     * Runs until killed.
     *
     * @param args the largest body, in bytes
     */
    public static void main(String[] args) throws Exception {
        long maxBody = Long.parseLong(args[0]);
        Application app =
                Application.builder().route("/", Size::new).logFunction(h -> {}).build();
        HttpServer server = app.listen(0, "127.0.0.1", b -> b.maxBodyBytes(maxBody));
        System.out.println("port=" + server.port() + " budget=" + HttpServer.defaultMaxBufferedBodyBytes());
        System.out.flush();
        Thread.currentThread().join();
    }
}
