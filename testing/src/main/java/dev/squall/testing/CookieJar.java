package dev.squall.testing;

import dev.squall.loop.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The cookies one {@link TestClient} keeps for one test, as a browser keeps them for one site (RFC 6265):
 * each cookie is identified by name, domain and path, so setting it again replaces it and an expired or
 * {@code Max-Age=0} copy deletes it; it is sent only to paths under its {@code Path} (by default the
 * directory of the URL that set it), longest path first; {@code Max-Age} wins over {@code Expires}, both read
 * on the loop's clock, so virtual time ages them. The value is kept exactly as sent, quotes included. The
 * domain is not checked — every request goes to the one application under test — and {@code Secure} cookies
 * are sent over plain HTTP too, as browsers do for {@code localhost}. Thread-safe.
 */
final class CookieJar {
    private final Clock clock;
    private final Map<Key, Entry> cookies = new LinkedHashMap<>();

    private record Key(String name, String domain, String path) {}

    private record Entry(String value, long expiresAtMillis, long created) {}

    private long sequence;

    CookieJar(Clock clock) {
        this.clock = clock;
    }

    /** Stores the cookies of a response's {@code Set-Cookie} fields for a request to {@code requestPath}. */
    synchronized void store(String requestPath, List<String> setCookies) {
        long now = clock.currentTimeMillis();
        for (String header : setCookies) {
            String[] parts = header.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue; // RFC 6265 section 5.2: a cookie without a name is ignored
            }
            String name = parts[0].substring(0, eq).strip();
            String value = parts[0].substring(eq + 1).strip();
            long expires = Long.MAX_VALUE;
            boolean maxAgeSeen = false;
            String domain = "";
            String path = null;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].strip();
                int aeq = attribute.indexOf('=');
                String key = (aeq < 0 ? attribute : attribute.substring(0, aeq)).strip();
                String arg = aeq < 0 ? "" : attribute.substring(aeq + 1).strip();
                if (key.equalsIgnoreCase("Max-Age")) {
                    try {
                        long seconds = Long.parseLong(arg);
                        expires = seconds <= 0 ? Long.MIN_VALUE : now + Math.min(seconds, Long.MAX_VALUE / 2000) * 1000;
                        maxAgeSeen = true;
                    } catch (NumberFormatException ignored) {
                        // an invalid Max-Age is ignored, as RFC 6265 section 5.2.2 says
                    }
                } else if (key.equalsIgnoreCase("Expires") && !maxAgeSeen) {
                    Long at = parseDate(arg);
                    if (at != null) {
                        expires = at;
                    }
                } else if (key.equalsIgnoreCase("Domain")) {
                    domain = arg.startsWith(".") ? arg.substring(1).toLowerCase() : arg.toLowerCase();
                } else if (key.equalsIgnoreCase("Path") && arg.startsWith("/")) {
                    path = arg;
                }
            }
            Key k = new Key(name, domain, path != null ? path : defaultPath(requestPath));
            if (expires <= now) {
                cookies.remove(k);
            } else {
                Entry old = cookies.get(k);
                cookies.put(k, new Entry(value, expires, old != null ? old.created() : sequence++));
            }
        }
    }

    /** Returns the {@code Cookie} header value for a request to {@code requestPath}, or null if none applies. */
    synchronized @Nullable String header(String requestPath) {
        dropExpired();
        List<Map.Entry<Key, Entry>> matching = new ArrayList<>();
        for (Map.Entry<Key, Entry> e : cookies.entrySet()) {
            if (pathMatches(requestPath, e.getKey().path())) {
                matching.add(e);
            }
        }
        if (matching.isEmpty()) {
            return null;
        }
        // RFC 6265 section 5.4: longer paths first, then the earlier created.
        matching.sort(Comparator.<Map.Entry<Key, Entry>>comparingInt(
                        e -> -e.getKey().path().length())
                .thenComparingLong(e -> e.getValue().created()));
        StringBuilder s = new StringBuilder();
        for (Map.Entry<Key, Entry> e : matching) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append(e.getKey().name()).append('=').append(e.getValue().value());
        }
        return s.toString();
    }

    /** Returns the value of a live cookie of that name (any path; the most specific), or null. */
    synchronized @Nullable String get(String name) {
        dropExpired();
        String best = null;
        int bestLength = -1;
        for (Map.Entry<Key, Entry> e : cookies.entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().path().length() > bestLength) {
                best = e.getValue().value();
                bestLength = e.getKey().path().length();
            }
        }
        return best;
    }

    /** RFC 6265 section 5.1.4. */
    static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        if (!requestPath.startsWith(cookiePath)) {
            return false;
        }
        return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
    }

    /** RFC 6265 section 5.1.4: the directory of the request's path. */
    static String defaultPath(String requestPath) {
        if (!requestPath.startsWith("/")) {
            return "/";
        }
        int last = requestPath.lastIndexOf('/');
        return last == 0 ? "/" : requestPath.substring(0, last);
    }

    private void dropExpired() {
        long now = clock.currentTimeMillis();
        cookies.values().removeIf(e -> e.expiresAtMillis() <= now);
    }

    private static @Nullable Long parseDate(String text) {
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
