package dev.squall.testing.browser;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a real browser: before its tests, one headless {@link Chromium} is launched for the
 * class (closed after its last test) and test methods receive it as a parameter.
 *
 * <pre>{@code
 * @RequiresChromium
 * class PageTest {
 *     @Test void titleIsSet(Chromium chromium) {
 *         try (BrowserPage page = chromium.newPage(url)) {
 *             assertEquals("Chat", page.evaluate("document.title"));
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Where Chromium is missing or cannot start, the class's tests are skipped and the reason is printed on stderr
 * (starting with {@code *** SKIPPING}); when the environment variable {@code CI} is {@code true} they fail instead,
 * so a CI run never passes without a browser. The browser is found by {@link Chromium#findExecutable()}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ChromiumExtension.class)
public @interface RequiresChromium {}
