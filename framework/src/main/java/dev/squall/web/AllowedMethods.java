package dev.squall.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds which {@link HttpMethod}s a handler class implements, for the {@code Allow} header of a 405: the
 * public {@code get()}, {@code post()}, ... (with the style's parameter types) that a class declares below its
 * style's base class, and HEAD with GET (the default {@code head()} runs {@code get()}). Computed once per
 * class (this is the only reflection in the web layer, and it runs only on 405s).
 */
final class AllowedMethods {
    private static final ConcurrentHashMap<Class<?>, List<String>> CACHE = new ConcurrentHashMap<>();

    private AllowedMethods() {}

    static List<String> of(Class<?> type, Class<?> styleClass, Class<?>... parameterTypes) {
        return CACHE.computeIfAbsent(type, t -> compute(t, styleClass, parameterTypes));
    }

    private static List<String> compute(Class<?> type, Class<?> styleClass, Class<?>[] parameterTypes) {
        List<String> out = new ArrayList<>();
        for (HttpMethod m : HttpMethod.values()) {
            try {
                Class<?> declaring =
                        type.getMethod(m.handlerMethodName(), parameterTypes).getDeclaringClass();
                // Declared by the style or above it: the default that answers 405.
                if (!declaring.isAssignableFrom(styleClass)) {
                    out.add(m.name());
                }
            } catch (NoSuchMethodException e) {
                // not a method of this style
            }
        }
        if (out.contains("GET") && !out.contains("HEAD")) {
            out.add(1, "HEAD"); // the default head() runs get()
        }
        return List.copyOf(out);
    }
}
