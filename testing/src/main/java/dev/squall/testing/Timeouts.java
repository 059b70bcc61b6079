package dev.squall.testing;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.platform.commons.support.AnnotationSupport;

/** Works out a test's time limit: annotation, then system property, then environment variable, then default. */
final class Timeouts {
    /** The limit when nothing else is set, as Tornado's {@code ASYNC_TEST_TIMEOUT}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The environment variable that sets the limit for every test without a {@link SquallTimeout}. */
    static final String ENVIRONMENT_VARIABLE = "SQUALL_TEST_TIMEOUT";
    /** The system property that does the same, and wins over the environment variable. */
    static final String SYSTEM_PROPERTY = "squall.test.timeout";

    /**
     * A limit and where it came from, for the failure message.
     *
     * @param limit the limit
     * @param source e.g. {@code "the default"} or {@code "SQUALL_TEST_TIMEOUT=10s"}
     */
    record Limit(Duration limit, String source) {}

    private Timeouts() {}

    /**
     * Resolves the limit of a test method (or of a lifecycle method of that test).
     *
     * @param method the test method, or null for class-level resolution
     * @param testClass the test class; the classes enclosing a {@code @Nested} class are searched too
     * @param environment looks up an environment variable
     * @param properties looks up a system property
     * @return the limit and its source
     * @throws IllegalArgumentException if an annotation, the property or the variable holds an invalid value
     */
    static Limit resolve(
            @Nullable Method method,
            Class<?> testClass,
            UnaryOperator<@Nullable String> environment,
            UnaryOperator<@Nullable String> properties) {
        if (method != null) {
            Limit fromMethod = fromAnnotation(method, "@SquallTimeout on " + method.getName() + "()");
            if (fromMethod != null) {
                return fromMethod;
            }
        }
        for (Class<?> c = testClass; c != null; c = Timeouts.enclosingOfNested(c)) {
            Limit fromClass = fromAnnotation(c, "@SquallTimeout on " + c.getSimpleName());
            if (fromClass != null) {
                return fromClass;
            }
        }
        String property = properties.apply(SYSTEM_PROPERTY);
        if (property != null && !property.isBlank()) {
            return new Limit(
                    parse(property, "system property " + SYSTEM_PROPERTY),
                    "-D" + SYSTEM_PROPERTY + "=" + property.strip());
        }
        String variable = environment.apply(ENVIRONMENT_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return new Limit(
                    parse(variable, "environment variable " + ENVIRONMENT_VARIABLE),
                    ENVIRONMENT_VARIABLE + "=" + variable.strip());
        }
        return new Limit(DEFAULT_TIMEOUT, "the default");
    }

    /** Resolves with the real environment and system properties. */
    static Limit resolve(@Nullable Method method, Class<?> testClass) {
        return resolve(method, testClass, System::getenv, System::getProperty);
    }

    /**
     * Returns the class enclosing a {@code @Nested} (inner) test class, whose settings it inherits, or null for
     * a top-level or static nested class, which stands alone as JUnit treats it.
     */
    static @Nullable Class<?> enclosingOfNested(Class<?> c) {
        return Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass();
    }

    private static @Nullable Limit fromAnnotation(AnnotatedElement element, String source) {
        SquallTimeout t =
                AnnotationSupport.findAnnotation(element, SquallTimeout.class).orElse(null);
        if (t == null) {
            return null;
        }
        if (t.value() <= 0) {
            throw new IllegalArgumentException(source + " must be positive, got " + t.value() + " " + t.unit());
        }
        return new Limit(Duration.of(t.value(), t.unit().toChronoUnit()), source);
    }

    /**
     * Parses a limit such as {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1.5s}, {@code 10} (seconds)
     * or ISO-8601 {@code PT10S}.
     *
     * @param text the text
     * @param what where the text came from, for the error message
     * @return the positive duration
     * @throws IllegalArgumentException if the text is not a positive duration
     */
    static Duration parse(String text, String what) {
        String s = text.strip();
        Duration d;
        try {
            if (s.length() > 1 && (s.charAt(0) == 'P' || s.charAt(0) == 'p')) {
                d = Duration.parse(s);
            } else {
                int end = 0;
                while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
                    end++;
                }
                String unit = s.substring(end).strip().toLowerCase(Locale.ROOT);
                double nanosPerUnit = switch (unit) {
                    case "ms" -> 1e6;
                    case "", "s" -> 1e9;
                    case "m", "min" -> 60e9;
                    case "h" -> 3600e9;
                    default -> throw new NumberFormatException("unknown unit");
                };
                d = Duration.ofNanos(Math.round(Double.parseDouble(s.substring(0, end)) * nanosPerUnit));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    what + " is '" + text + "', which is not a duration; write e.g. 10s, " + "500ms, 2m or 1.5s", e);
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " is '" + text + "'; a test time limit must be positive");
        }
        return d;
    }

    /** Formats a duration for people: {@code 5 s}, {@code 250 ms}, {@code 1.5 s}, {@code 2 min}. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 60_000 == 0) {
            return (millis / 60_000) + " min";
        }
        if (millis % 1000 == 0) {
            return (millis / 1000) + " s";
        }
        return (millis / 1000.0) + " s";
    }
}
