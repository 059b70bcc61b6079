package dev.squall.testing;

import dev.squall.loop.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The cookies one {@link TestClient} keeps for one test (RFC 6265, for a single origin): name and value, and
 * expiry from {@code Max-Age} or {@code Expires} read on the loop's clock, so virtual time ages them. Domain
 * and path are not checked — every request goes to the one application under test. Thread-safe.
 */
final class CookieJar {
    private final Clock clock;
    private final Map<String, Entry> cookies = new LinkedHashMap<>();

    private record Entry(String value, long expiresAtMillis) {
    }

    CookieJar(Clock clock) {
        this.clock = clock;
    }

    /** Stores the cookies of a response's {@code Set-Cookie} fields (expired ones delete). */
    synchronized void store(List<String> setCookies) {
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
                }
            }
            if (expires <= now) {
                cookies.remove(name);
            } else {
                cookies.put(name, new Entry(value, expires));
            }
        }
    }

    /** Returns the {@code Cookie} header value for the next request, or null when the jar is empty. */
    synchronized @Nullable String header() {
        dropExpired();
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Entry> e : cookies.entrySet()) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append(e.getKey()).append('=').append(e.getValue().value());
        }
        return s.toString();
    }

    /** Returns the value of a live cookie, or null. */
    synchronized @Nullable String get(String name) {
        dropExpired();
        Entry e = cookies.get(name);
        return e == null ? null : e.value();
    }

    private void dropExpired() {
        long now = clock.currentTimeMillis();
        cookies.values().removeIf(e -> e.expiresAtMillis() <= now);
    }

    private static @Nullable Long parseDate(String text) {
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
