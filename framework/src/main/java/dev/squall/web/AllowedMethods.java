package dev.squall.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds which HTTP methods a handler class implements, for the {@code Allow} header of a 405: the public
 * no-argument {@code get()}, {@code post()}, ... that a class overrides, and HEAD with GET (the default
 * {@code head()} runs {@code get()}). Computed once per class (this is the
 * only reflection in the web layer, and it runs only on 405s).
 */
final class AllowedMethods extends ClassValue<List<String>> {
    private static final AllowedMethods INSTANCE = new AllowedMethods();
    private static final String[] METHODS = {"GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS"};

    static List<String> of(Class<?> type) {
        return INSTANCE.get(type);
    }

    @Override protected List<String> computeValue(Class<?> type) {
        List<String> out = new ArrayList<>();
        for (String m : METHODS) {
            try {
                Class<?> declaring = type.getMethod(m.toLowerCase(Locale.ROOT)).getDeclaringClass();
                if (declaring != RequestHandler.class && declaring != AsyncRequestHandler.class
                        && declaring != BaseRequestHandler.class) {
                    out.add(m);
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
