package dev.squall.web;

import dev.squall.escape.Escape;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;

/**
 * The reflection and URL work behind {@link Authenticated}, kept out of the handler: which of a class's
 * methods require a user (read once per class), whether a class looks its user up asynchronously, and the
 * login redirect's URL.
 */
final class Authentication {
    private Authentication() {}

    private static final ClassValue<Set<HttpMethod>> REQUIRED = new ClassValue<>() {
        @Override
        protected Set<HttpMethod> computeValue(Class<?> type) {
            EnumSet<HttpMethod> out = EnumSet.noneOf(HttpMethod.class);
            if (type.isAnnotationPresent(Authenticated.class)) {
                return EnumSet.allOf(HttpMethod.class);
            }
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
    };

    private static final ClassValue<Boolean> ASYNC_USER = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && c != BaseRequestHandler.class; c = c.getSuperclass()) {
                try {
                    return c.getDeclaredMethod("getCurrentUserAsync") != null;
                } catch (NoSuchMethodException e) {
                    // not declared here
                }
            }
            return false;
        }
    };

    /** Whether {@code method} of {@code type} carries {@link Authenticated} (on the method or the class). */
    static boolean isAnnotated(Class<?> type, HttpMethod method) {
        return REQUIRED.get(type).contains(method);
    }

    private static final ClassValue<Boolean> EXTRA_METHOD_REQUIRED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.isAnnotationPresent(Authenticated.class)) {
                return true;
            }
            for (Method m : type.getMethods()) {
                if (m.getName().equals("extraMethod") && m.isAnnotationPresent(Authenticated.class)) {
                    return true;
                }
            }
            return false;
        }
    };

    /** Whether the extra methods of {@code type} need a user: the class or its {@code extraMethod} is annotated. */
    static boolean isExtraMethodAnnotated(Class<?> type) {
        return EXTRA_METHOD_REQUIRED.get(type);
    }

    /** Whether {@code type} overrides {@code getCurrentUserAsync()}. */
    static boolean looksUpUserAsynchronously(Class<?> type) {
        return ASYNC_USER.get(type);
    }

    /**
     * Returns the login redirect's target, as Tornado: {@code loginUrl?next=<uri>} (the full URL when the
     * login URL is absolute); the login URL as it is when it already has a query.
     */
    static String loginRedirect(String loginUrl, String uri, String fullUrl) {
        if (loginUrl.indexOf('?') >= 0) {
            return loginUrl;
        }
        String next = hasScheme(loginUrl) ? fullUrl : uri;
        return loginUrl + "?next=" + Escape.urlEscape(next, true);
    }

    /** Whether {@code url} starts with a scheme ({@code https:}), as {@code urlsplit(url).scheme}. */
    static boolean hasScheme(String url) {
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        char first = url.charAt(0);
        if (!(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z')) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = url.charAt(i);
            if (!(c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '+'
                    || c == '-'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
