package dev.squall.web;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the framework reads from a handler class by reflection, once per class: whether it streams its request
 * body ({@link StreamRequestBody}) and in which mode, which of its methods need a user ({@link Authenticated}),
 * and whether it looks its user up asynchronously.
 *
 * <p>Every request needs some of these, so each route keeps the traits of the class its factory made last
 * ({@link #cached}): a request then reads them with one class comparison instead of a {@link ClassValue} lookup per
 * question (three per request, about 1 % of the server's CPU per plaintext request before this). Immutable, so a
 * route may share one between its loops without synchronization.
 */
final class HandlerTraits {
    private static final ClassValue<HandlerTraits> OF = new ClassValue<>() {
        @Override
        protected HandlerTraits computeValue(Class<?> type) {
            return new HandlerTraits(type);
        }
    };

    /** The class these are the traits of. */
    final Class<?> type;
    /** Whether the class is annotated {@link StreamRequestBody}. */
    final boolean streams;
    /** Whether it overrides {@code dataReceived(ByteBuffer)}: a streamed body is pushed to it, else it pulls. */
    final boolean pushes;
    /** Whether it overrides {@code getCurrentUserAsync()}. */
    final boolean asyncUser;
    /** Whether its extra methods need a user: the class or its {@code extraMethod} is annotated. */
    final boolean extraMethodRequired;

    private final Set<HttpMethod> required;

    private HandlerTraits(Class<?> type) {
        this.type = type;
        this.streams = type.isAnnotationPresent(StreamRequestBody.class);
        this.pushes = overrides(type, "dataReceived", ByteBuffer.class);
        this.asyncUser = declaresBelowBase(type, "getCurrentUserAsync");
        this.required = requiredMethods(type);
        this.extraMethodRequired = type.isAnnotationPresent(Authenticated.class) || extraMethodAnnotated(type);
    }

    /**
     * Returns the traits of {@code type}.
     *
     * @param type a handler class
     * @return its traits, computed on first use and kept as long as the class
     */
    static HandlerTraits of(Class<?> type) {
        return OF.get(type);
    }

    /**
     * Returns {@code last} if it describes {@code type}, else the traits of {@code type}: the per-route cache.
     *
     * @param last the traits a route kept, or null
     * @param type the class of the handler just made
     * @return the traits of {@code type}
     */
    static HandlerTraits cached(@Nullable HandlerTraits last, Class<?> type) {
        return last != null && last.type == type ? last : OF.get(type);
    }

    /** Whether {@code method} of the class carries {@link Authenticated} (on the method or the class). */
    boolean requires(HttpMethod method) {
        return required.contains(method);
    }

    private static Set<HttpMethod> requiredMethods(Class<?> type) {
        if (type.isAnnotationPresent(Authenticated.class)) {
            return EnumSet.allOf(HttpMethod.class);
        }
        EnumSet<HttpMethod> out = EnumSet.noneOf(HttpMethod.class);
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(Authenticated.class)) {
                for (HttpMethod h : HttpMethod.values()) {
                    if (h.handlerMethodName().equals(m.getName())) {
                        out.add(h);
                    }
                }
            }
        }
        if (out.contains(HttpMethod.GET)) {
            out.add(HttpMethod.HEAD); // HEAD runs get() unless overridden: it must not skip get()'s check
        }
        return out;
    }

    private static boolean extraMethodAnnotated(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("extraMethod") && m.isAnnotationPresent(Authenticated.class)) {
                return true;
            }
        }
        return false;
    }

    /** Whether public method {@code name(params)} of {@code type} is declared below {@link BaseRequestHandler}. */
    private static boolean overrides(Class<?> type, String name, Class<?>... params) {
        try {
            return type.getMethod(name, params).getDeclaringClass() != BaseRequestHandler.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Whether a class between {@code type} and {@link BaseRequestHandler} declares {@code name()}, any access. */
    private static boolean declaresBelowBase(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != BaseRequestHandler.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
