/**
 * Squall's testing harness, a JUnit Jupiter extension: annotate a test class with
 * {@link dev.squall.testing.SquallTest} and each test gets a fresh {@link dev.squall.loop.IOLoop}, fails when a
 * loop callback threw, has everything the harness made closed at its end, and runs under a timeout whose
 * failure says where the test was waiting.
 *
 * <pre>{@code
 * @SquallTest
 * class TimerTest {
 *     @Test void timerFiresAfterItsDelay(TestLoop loop, VirtualTime time) {
 *         CompletableFuture<String> fired = loop.call(() -> {
 *             CompletableFuture<String> f = new CompletableFuture<>();
 *             IOLoop.current().callLater(Duration.ofMinutes(5), () -> f.complete("fired"));
 *             return f;
 *         });
 *         time.advance(Duration.ofMinutes(5));
 *         assertEquals("fired", fired.getNow(null));
 *     }
 * }
 * }</pre>
 *
 * <p>A class that names its application ({@code static Application app()} or a {@link dev.squall.testing.TestApp}
 * member) gets it served on a free loopback port and a {@link dev.squall.testing.TestClient} for it;
 * {@link dev.squall.testing.FakeService} fakes the external services it calls, and
 * {@link dev.squall.testing.ServerOptions} configures the server it runs on. {@link dev.squall.testing.AsyncTest}
 * runs a test body on the loop: a returned stage, a coroutine, or a Kotlin {@code suspend fun}. Also here:
 * {@link dev.squall.testing.ExpectLog} for log assertions, {@link dev.squall.testing.RawConnection} for protocol
 * tests over a plain socket, and {@link dev.squall.testing.TestCertificate} for HTTPS. The guide is
 * {@code docs/testing.md}.
 */
@NullMarked
package dev.squall.testing;

import org.jspecify.annotations.NullMarked;
