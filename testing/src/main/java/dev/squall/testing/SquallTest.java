package dev.squall.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class (or one test method) under Squall's harness, as Tornado's {@code AsyncTestCase}.
 *
 * <pre>{@code
 * @SquallTest
 * class HelloTest {
 *     static Application app() { return Hello.app(); }
 *
 *     @Test void saysHello(TestClient client) {
 *         var r = client.fetch("/");
 *         assertEquals(200, r.code());
 *         assertEquals("Hello, world", r.bodyText());
 *     }
 * }
 * }</pre>
 *
 * <p>For every test the harness:
 * <ul>
 *   <li>makes a fresh {@link dev.squall.loop.IOLoop}, injectable into test and {@code @BeforeEach}/{@code @AfterEach}
 *       methods as {@code IOLoop} or as the harness's {@link TestLoop};</li>
 *   <li>runs the method body on a test thread of its own (never on the loop), under a timeout — 5 s by
 *       default, {@link SquallTimeout} per class or method, or the environment variable
 *       {@code SQUALL_TEST_TIMEOUT} (e.g. {@code 10s}) — whose failure shows the stacks of the test thread and
 *       of the loop thread — or, for an {@link AsyncTest}, on the loop itself;</li>
 *   <li>fails the test when a callback on the loop threw (the exception is the failure's cause);</li>
 *   <li>serves the class's application, if it names one (a method {@code app()} or a member annotated
 *       {@link TestApp}), on a free 127.0.0.1 port on the test's loop, and injects a {@link TestClient} for it;</li>
 *   <li>closes everything it made — loops, servers, clients, {@link RawConnection}s, {@link ExpectLog}s and
 *       whatever was passed to {@link TestLoop#closeAfterTest} — when the test ends, pass or fail.</li>
 * </ul>
 *
 * <p>When the annotation is on both the class and a method, the method's settings win.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SquallExtension.class)
public @interface SquallTest {

    /**
     * Runs the test's loop on a {@link dev.squall.loop.ManualClock}: time stands still until the test calls
     * {@link VirtualTime#advance}. A test method that declares a {@link VirtualTime} or
     * {@link dev.squall.loop.ManualClock} parameter gets virtual time without this flag.
     *
     * @return whether the loop runs in virtual time
     */
    boolean virtualTime() default false;

    /**
     * Keeps cookies for the injected {@link TestClient}: a {@code Set-Cookie} in one response is sent back with
     * the next requests of the same test, until it expires (on the loop's clock, so virtual time ages it).
     * Cookies never outlive the test.
     *
     * @return whether the test's client keeps cookies
     */
    boolean cookies() default false;

    /**
     * Serves the test's application over HTTPS, with a self-signed {@link TestCertificate} for
     * {@code localhost} that the injected {@link TestClient} (and only it) trusts.
     *
     * @return whether the application is served over TLS
     */
    boolean https() default false;
}
