package dev.squall.http;

import dev.squall.loop.Clock;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The {@code Date} response header, formatted once per second of the loop's clock rather than once per
 * response. One instance per loop; not thread-safe.
 */
final class HttpDateCache {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    private final Clock clock;
    private long cachedSecond = Long.MIN_VALUE;
    private String value = "";
    private byte[] headerLine = new byte[0];

    HttpDateCache(Clock clock) {
        this.clock = clock;
    }

    /** Returns {@code Date: <IMF-fixdate>\r\n} for the clock's current second. */
    byte[] headerLine() {
        refresh();
        return headerLine;
    }

    /** Returns the IMF-fixdate for the clock's current second. */
    String value() {
        refresh();
        return value;
    }

    private void refresh() {
        long second = Math.floorDiv(clock.currentTimeMillis(), 1000L);
        if (second != cachedSecond) {
            cachedSecond = second;
            value = formatSeconds(second);
            headerLine = ("Date: " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Formats an instant as an IMF-fixdate (RFC 9110 section 5.6.7), e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}.
     *
     * @param epochMillis milliseconds since the epoch
     * @return the formatted date
     */
    static String format(long epochMillis) {
        return formatSeconds(Math.floorDiv(epochMillis, 1000L));
    }

    private static String formatSeconds(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(29);
        sb.append(DAYS[t.getDayOfWeek().getValue() - 1]).append(", ");
        twoDigits(sb, t.getDayOfMonth()).append(' ');
        sb.append(MONTHS[t.getMonthValue() - 1]).append(' ');
        sb.append(t.getYear()).append(' ');
        twoDigits(sb, t.getHour()).append(':');
        twoDigits(sb, t.getMinute()).append(':');
        twoDigits(sb, t.getSecond()).append(" GMT");
        return sb.toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}
