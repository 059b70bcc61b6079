package dev.squall.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * Sets how long each test (and each of its {@code @BeforeEach} / {@code @AfterEach} methods) of a
 * {@link SquallTest} may run, in wall-clock time. On a method it wins over one on the class; either wins over
 * the system property {@code squall.test.timeout} and the environment variable {@code SQUALL_TEST_TIMEOUT},
 * which win over the default of 5 s.
 *
 * <pre>{@code
 * @Test @SquallTimeout(20) void slowStartup(TestLoop loop) { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SquallTimeout {

    /**
     * The limit, in {@link #unit()}s; must be positive.
     *
     * @return the limit
     */
    long value();

    /**
     * The unit of {@link #value()}.
     *
     * @return the unit, seconds by default
     */
    TimeUnit unit() default TimeUnit.SECONDS;
}
