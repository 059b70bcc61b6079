package dev.squall.web;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An application's attributes: those the builder set, then the keys' defaults, created on first use (once per
 * application). Thread-safe.
 */
final class Attributes {
    private final ConcurrentHashMap<AttributeKey<?>, Object> values;

    Attributes(Map<AttributeKey<?>, Object> set) {
        this.values = new ConcurrentHashMap<>(set);
    }

    /** See {@link Application#attribute}. */
    <T> T get(AttributeKey<T> key) {
        T value = getOrNull(key);
        if (value == null) {
            throw new IllegalStateException("the application has no attribute " + key.name() + "; set it with"
                    + " Application.builder().attribute(key, value), or make the key with AttributeKey.withDefault");
        }
        return value;
    }

    /** See {@link Application#attributeOrNull}. */
    @SuppressWarnings("unchecked")
    <T> @Nullable T getOrNull(AttributeKey<T> key) {
        Object value = values.get(key);
        if (value == null) {
            Supplier<? extends T> initial = key.initialValue();
            if (initial == null) {
                return null;
            }
            value = values.computeIfAbsent(
                    key,
                    k -> Objects.requireNonNull(
                            initial.get(), () -> "the default of attribute " + key.name() + " is null"));
        }
        return (T) value;
    }
}
