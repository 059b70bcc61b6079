package dev.squall.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the application a {@link SquallTest} class serves: a method without parameters that returns an
 * {@link dev.squall.http.HttpHandler} (an {@code Application} is one), or a field holding one; static or not.
 * Without this annotation the harness looks for a method named {@code app()}.
 *
 * <pre>{@code
 * @SquallTest
 * class ApiTest {
 *     @TestApp final Application api = Api.app(new InMemoryStore());
 *
 *     @Test void listsNothingAtFirst(TestClient client) {
 *         assertEquals("[]", client.fetch("/items").bodyText());
 *     }
 * }
 * }</pre>
 *
 * <p>The application is made and served when the test first asks for a {@link TestClient}: after
 * {@code @BeforeEach} methods that do not, so a field set in {@code @BeforeEach} works.
 */
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TestApp {}
