package dev.squall.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that configures the server a {@link SquallTest} class's application is served on: it takes
 * the {@link dev.squall.http.HttpServer.Builder} the harness made — handler, loop and (with
 * {@link SquallTest#https()}) TLS already set — and sets limits, timeouts, {@code xheaders} and the like on it.
 * It may be static or not, and returns nothing or the builder.
 *
 * <pre>{@code
 * @SquallTest(virtualTime = true)
 * class SlowClientTest {
 *     static Application app() { return Api.app(); }
 *
 *     @ServerOptions static void options(HttpServer.Builder server) {
 *         server.headerTimeout(Duration.ofSeconds(2)).maxHeaderBytes(4096);
 *     }
 *
 *     @Test void dropsAClientThatNeverFinishesItsHeaders(TestClient client, VirtualTime time) throws IOException {
 *         try (RawConnection c = RawConnection.open(client.port())) {
 *             c.send("GET / HTTP/1.1\r\nHost: x\r\n");
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>As with the application, the innermost class (of a {@code @Nested} chain) that declares options wins;
 * a class declares at most one. The options do not apply to {@link FakeService}s.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServerOptions {}
