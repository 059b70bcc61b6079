package dev.squall.options;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads and writes durations as people type them, as Tornado's {@code timedelta} options:
 * {@code 45s}, {@code 1h 30m}, {@code 1h30m}, {@code 1.5m}, {@code 500ms}, {@code 2 days}, a bare number of
 * seconds ({@code 90}), or ISO-8601 ({@code PT1H30M}).
 */
public final class Durations {
    private Durations() {}

    /**
     * Parses a duration. Units: {@code w d h m s ms us ns} and their long names ({@code weeks days hours
     * minutes min seconds sec milliseconds microseconds nanoseconds}), singular or plural; amounts may have a
     * fraction; parts may be separated by spaces or commas. Text starting with {@code P} is ISO-8601.
     *
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException if the text is not such a duration, with a message saying where
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        char first = Character.toUpperCase(s.charAt(0));
        if (first == 'P' || (first == '-' && s.length() > 1 && Character.toUpperCase(s.charAt(1)) == 'P')) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + s + "' is not an ISO-8601 duration such as PT1H30M", e);
            }
        }
        long nanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("expected a number at '" + s.substring(start) + "'");
            }
            double amount;
            try {
                amount = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s.substring(start, i) + "' is not a number", e);
            }
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            long unit = unitNanos(s.substring(unitStart, i).toLowerCase(Locale.ROOT));
            double part = amount * unit;
            if (part > Long.MAX_VALUE) {
                throw new IllegalArgumentException("'" + s + "' is too long a duration");
            }
            nanos = Math.addExact(nanos, Math.round(part));
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
        }
        return Duration.ofNanos(nanos);
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "", "s", "sec", "secs", "second", "seconds" -> 1_000_000_000L;
            case "ms", "millisecond", "milliseconds" -> 1_000_000L;
            case "us", "microsecond", "microseconds" -> 1_000L;
            case "ns", "nanosecond", "nanoseconds" -> 1L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000_000_000L;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000_000_000L;
            case "d", "day", "days" -> 86_400_000_000_000L;
            case "w", "week", "weeks" -> 604_800_000_000_000L;
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "' (use d, h, m, s, ms or us)");
        };
    }

    /**
     * Formats a duration the way {@link #parse} reads it: {@code 1h30m}, {@code 250ms}, {@code 0s}.
     *
     * @param d the duration; negative ones are written in ISO-8601
     * @return the text
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return d.toString();
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        int ms = d.toMillisPart();
        int ns = d.toNanosPart() % 1_000_000;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (ms > 0) {
            sb.append(ms).append("ms");
        }
        if (ns > 0) {
            sb.append(ns).append("ns");
        }
        return sb.toString();
    }
}
