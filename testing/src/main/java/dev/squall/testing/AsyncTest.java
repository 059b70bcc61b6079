package dev.squall.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test whose body runs on the test's loop, as Tornado's {@code gen_test}, in any of the three async
 * styles; use it instead of {@code @Test}. The test waits, within its time limit, for the body to finish:
 *
 * <ul>
 *   <li>a method that returns a {@link java.util.concurrent.CompletionStage} is called on the loop and the test
 *       waits for the stage; a failed stage fails the test with its exception;
 *   <li>a {@code void} method runs as a coroutine on the loop ({@link dev.squall.async.Coroutines}), so it may
 *       {@link dev.squall.async.Coroutines#await await} futures in straight-line code;
 *   <li>a Kotlin {@code suspend fun} runs as a coroutine on the loop's dispatcher (needs {@code squall-kotlin} on
 *       the test class path), so {@code delay} and every resumption happen on the loop and follow virtual time.
 * </ul>
 *
 * <pre>{@code
 * @AsyncTest CompletionStage<Void> chainsOnTheLoop(TestClient client) {
 *     return client.fetchAsync("/").thenAccept(r -> assertEquals(200, r.code()));
 * }
 *
 * @AsyncTest void awaitsOnTheLoop(TestClient client) {
 *     assertEquals("Hello, world", await(client.fetchAsync("/")).bodyText());
 * }
 * }</pre>
 *
 * <p>The method takes the parameters a {@link SquallTest} method takes. Every rule of {@link SquallTest}
 * applies (the annotation brings the harness with it even on a class without {@code @SquallTest}), except that
 * the body runs on the loop: it must not block — {@link TestClient#fetch} and {@link TestLoop}'s waiting
 * methods refuse to run there; use {@link TestClient#fetchAsync} and {@code await} instead.
 *
 * <p>JUnit Jupiter runs only {@code void} {@code @Test} methods, so a method that returns a value (a stage, or
 * the {@code Object} a suspend function compiles to) runs as a {@link TestFactory} that yields one test, which
 * waits for the result: reports show it as {@code name()[1]} under {@code name()}. JUnit Jupiter 5.13 and later
 * check a factory's declared return type and would skip a method that returns a stage; the harness then fails
 * a {@link SquallTest} class saying so, and the {@code void} form with {@code await} does the same job on any version. (Squall
 * builds and tests with Jupiter 5.11.)
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@TestFactory
@ExtendWith(SquallExtension.class)
public @interface AsyncTest {}
