package dev.squall.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The peer that load.sh measures Squall against: a Vert.x 5 server (vertx-core only) answering
 * {@code GET /plaintext} and {@code GET /json} byte for byte as Squall's {@code hello} sample does — same body,
 * same headers ({@code Content-Type}, {@code Content-Length}, {@code Server}, {@code Date}) — on ONE event
 * loop, with Netty's native epoll transport when it loads.
 *
 * <p>It is set up the way Vert.x's own fast entries are (prebuilt header names and values, a {@code Date}
 * value refreshed once a second on the loop, no h2c upgrade check, strict thread mode, Netty bounds checks
 * off), so that a ratio against it means something. JSON is serialised per request with Vert.x's
 * {@link JsonObject} (Jackson), as TechEmpower's rules require.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.squall.benchmarks.VertxHello --port=8080
 * }</pre>
 */
public final class VertxHello {
    static {
        // Flags Vert.x's own benchmark entries run with. Netty and Vert.x read them once, when their classes
        // load, so they are set before any field below touches those classes.
        System.setProperty("vertx.disableContextTimings", "true");
        System.setProperty("vertx.threadChecks", "false");
        System.setProperty("vertx.disableTCCL", "true");
        System.setProperty("io.netty.buffer.checkBounds", "false");
        System.setProperty("io.netty.buffer.checkAccessible", "false");
    }

    // As long as Squall's "Squall/0.1.0", so both servers send the same number of bytes per response.
    private static final CharSequence SERVER = HttpHeaders.createOptimized("Vert.x/5.1.6");
    private static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized("text/plain");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final Buffer PLAINTEXT = Buffer.buffer("Hello, World!");
    private static final CharSequence PLAINTEXT_LENGTH =
            HttpHeaders.createOptimized(String.valueOf(PLAINTEXT.length()));
    private static final Buffer NOT_FOUND = Buffer.buffer("Not Found");
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

    // Written by the once-a-second timer and read by requests, both on the single event loop thread.
    private CharSequence date = formatDate();

    private VertxHello() {}

    /**
     * Starts the server and returns; the Vert.x event loop keeps the process alive until it is killed.
     *
     * @param args {@code --port=N} (default 8080), {@code --address=A} (default 127.0.0.1); {@code --loops=1} is
     *     accepted for symmetry with Squall and changes nothing
     * @throws Exception if the server cannot listen within 10 s
     */
    public static void main(String[] args) throws Exception {
        PeerArgs parsed = PeerArgs.parse(args, VertxHello.class);
        int port = parsed.port();
        String address = parsed.address();

        Transport transport = Transport.nativeTransport();
        boolean nativeTransport = transport != null && transport.available();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true))
                .withTransport(nativeTransport ? transport : Transport.NIO)
                .build();
        VertxHello hello = new VertxHello();
        vertx.setPeriodic(1000, id -> hello.date = formatDate());
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                        .setPort(port)
                        .setHost(address)
                        .setHttp2ClearTextEnabled(false)
                        .setStrictThreadMode(true))
                .requestHandler(hello::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.out.println("Vert.x listening on http://" + address + ":" + server.actualPort() + "/ (transport "
                + (nativeTransport ? transport.name() : "nio") + ", 1 event loop)");
    }

    private void handle(HttpServerRequest request) {
        switch (request.path()) {
            case "/plaintext" ->
                request.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
                        .putHeader(HttpHeaders.CONTENT_LENGTH, PLAINTEXT_LENGTH)
                        .putHeader(HttpHeaders.SERVER, SERVER)
                        .putHeader(HttpHeaders.DATE, date)
                        .end(PLAINTEXT);
            case "/json" -> {
                Buffer body = new JsonObject().put("message", "Hello, World!").toBuffer();
                request.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                        .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()))
                        .putHeader(HttpHeaders.SERVER, SERVER)
                        .putHeader(HttpHeaders.DATE, date)
                        .end(body);
            }
            default ->
                request.response()
                        .setStatusCode(404)
                        .putHeader(HttpHeaders.SERVER, SERVER)
                        .putHeader(HttpHeaders.DATE, date)
                        .end(NOT_FOUND);
        }
    }

    private static CharSequence formatDate() {
        return HttpHeaders.createOptimized(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }
}
