package dev.squall.web;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An application's Moshi and its adapters, cached per type for JSON bodies and JSON output. Thread-safe.
 */
final class JsonAdapters {
    private final Moshi moshi;
    private final JsonAdapter<Object> objectAdapter;
    private final ConcurrentHashMap<Type, JsonAdapter<?>> adapters = new ConcurrentHashMap<>();
    /**
     * The class {@link #valueAdapter} was last asked for, with its adapter: an application writes the same record
     * on a route again and again, and one comparison beats the two {@code isAssignableFrom} checks and the map
     * lookup. Written by every loop without synchronization: the pair is immutable, a stale one is a miss.
     */
    private @Nullable LastValue lastValue;

    private record LastValue(Class<?> type, JsonAdapter<Object> adapter) {}

    JsonAdapters(Moshi moshi) {
        this.moshi = moshi;
        this.objectAdapter = moshi.adapter(Object.class);
    }

    Moshi moshi() {
        return moshi;
    }

    JsonAdapter<Object> objectAdapter() {
        return objectAdapter;
    }

    /**
     * Returns the adapter that {@link #objectAdapter()} would pick for a value of class {@code type}, cached:
     * Moshi's {@code Object} adapter looks the runtime class up in Moshi (a locked cache) on every call. Maps
     * and collections keep going through the {@code Object} adapter, which serialises them by interface.
     *
     * @throws AssertionError as Moshi does for a class it may not access; callers explain it
     * @throws IllegalArgumentException if Moshi has no adapter for the class
     */
    JsonAdapter<Object> valueAdapter(Class<?> type) {
        LastValue last = lastValue;
        if (last != null && last.type == type) {
            return last.adapter;
        }
        JsonAdapter<Object> adapter = findValueAdapter(type);
        lastValue = new LastValue(type, adapter);
        return adapter;
    }

    @SuppressWarnings("unchecked")
    private JsonAdapter<Object> findValueAdapter(Class<?> type) {
        if (type == Object.class || Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return objectAdapter;
        }
        JsonAdapter<?> adapter = adapters.get(type);
        if (adapter == null) {
            adapter = adapters.computeIfAbsent(type, moshi::adapter);
        }
        return (JsonAdapter<Object>) adapter;
    }

    /**
     * Returns the (cached) adapter for {@code type}; unchecked: the caller vouches for {@code T}.
     *
     * @throws IllegalArgumentException if Moshi has no adapter for the type, with what to do about it
     */
    @SuppressWarnings("unchecked")
    <T> JsonAdapter<T> jsonAdapter(Type type) {
        JsonAdapter<?> adapter = adapters.get(type);
        if (adapter == null) {
            try {
                adapter = adapters.computeIfAbsent(type, moshi::adapter);
            } catch (AssertionError e) {
                throw explainFailure(type, e);
            }
        }
        return (JsonAdapter<T>) adapter;
    }

    /**
     * Turns Moshi's {@code AssertionError} for a type it may not access (a record or class that is not public)
     * into an error that says what to change; rethrows any other.
     */
    static RuntimeException explainFailure(Object typeOrValue, AssertionError e) {
        if (e.getCause() instanceof IllegalAccessException) {
            String type = typeOrValue instanceof Type t
                    ? t.getTypeName()
                    : typeOrValue.getClass().getName();
            return new IllegalArgumentException(
                    "Moshi cannot read or write " + type + " because it is not public: "
                            + "make the class (and any class it is nested in) public, or add a JsonAdapter for it to the "
                            + "application's Moshi (Application.builder().moshi(...))",
                    e);
        }
        throw e;
    }
}
