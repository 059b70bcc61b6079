package dev.squall.web;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A typed key for a value attached to an {@link Application}: settings and state of a module that the
 * framework does not know about (the Kotlin module's coroutine scope, a template engine, a database pool),
 * kept with the application instead of in a global map.
 *
 * <pre>{@code
 * static final AttributeKey<DataSource> DB = AttributeKey.of("db");
 * Application app = Application.builder().attribute(DB, dataSource).route(...).build();
 * DataSource ds = handler.application().attribute(DB);
 *
 * // a value the application creates itself, once, on first use:
 * static final AttributeKey<Metrics> METRICS = AttributeKey.withDefault("metrics", Metrics::new);
 * }</pre>
 *
 * <p>Keys compare by identity: keep each in a {@code static final} field. The name is for messages only.
 * Immutable and thread-safe.
 *
 * @param <T> the type of the value
 */
public final class AttributeKey<T> {
    private final String name;
    private final @Nullable Supplier<? extends T> initialValue;

    private AttributeKey(String name, @Nullable Supplier<? extends T> initialValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.initialValue = initialValue;
    }

    /**
     * Returns a key whose value must be set with {@link Application.Builder#attribute(AttributeKey, Object)}.
     *
     * @param name a name for messages, e.g. {@code "myapp.db"}
     * @param <T> the type of the value
     * @return a new key, distinct from every other
     */
    public static <T> AttributeKey<T> of(String name) {
        return new AttributeKey<>(name, null);
    }

    /**
     * Returns a key whose value, unless the builder set one, is created by {@code initialValue} the first time
     * an application is asked for it — once per application, even when asked from several threads at once.
     *
     * @param name a name for messages
     * @param initialValue creates the value; must not return null
     * @param <T> the type of the value
     * @return a new key, distinct from every other
     */
    public static <T> AttributeKey<T> withDefault(String name, Supplier<? extends T> initialValue) {
        return new AttributeKey<>(name, Objects.requireNonNull(initialValue, "initialValue"));
    }

    /** Returns the key's name. */
    public String name() {
        return name;
    }

    @Nullable
    Supplier<? extends T> initialValue() {
        return initialValue;
    }

    @Override
    public String toString() {
        return "AttributeKey[" + name + "]";
    }
}
