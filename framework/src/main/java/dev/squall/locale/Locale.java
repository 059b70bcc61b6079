package dev.squall.locale;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One language: its translations and Tornado's formatting of dates, days, lists and numbers. Get one from
 * {@link Locales#get(String...)} (the closest supported match) or, in a handler, {@code locale()} (the
 * user's).
 *
 * <pre>{@code
 * locale.translate("Sign out");
 * locale.translate("%(count)d comment", "%(count)d comments", n);      // plural form chosen by n
 * Locale.interpolate(locale.translate("%(count)d comments", ...), Map.of("count", n));
 * locale.pgettext("law", "right");                                      // gettext context
 * locale.formatDate(posted, 0, true, false, false, now);                // "3 minutes ago"
 * locale.list(List.of("A", "B", "C"));                                  // "A, B and C"
 * }</pre>
 *
 * <p>Messages are English text, as in Tornado: an untranslated message is shown as written. The formatting
 * methods translate Tornado's own English strings ({@code "%(weekday)s at %(time)s"}, month and day names),
 * so a translation file for Tornado works unchanged. Immutable; safe from any thread.
 */
public final class Locale {
    private final String code;
    private final String name;
    private final boolean rtl;
    private final @Nullable Translations translations;
    private final String[] months;
    private final String[] weekdays;

    Locale(String code, @Nullable Translations translations) {
        this.code = code;
        this.translations = translations;
        this.rtl = code.startsWith("fa") || code.startsWith("ar") || code.startsWith("he");
        java.util.Locale jl = java.util.Locale.forLanguageTag(code.replace('_', '-'));
        String display = jl.getDisplayLanguage(jl);
        this.name = display.isEmpty() ? "Unknown" : display.substring(0, 1).toUpperCase(jl) + display.substring(1);
        String[] m = {
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December"
        };
        for (int i = 0; i < m.length; i++) {
            m[i] = translate(m[i]);
        }
        this.months = m;
        String[] w = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
        for (int i = 0; i < w.length; i++) {
            w[i] = translate(w[i]);
        }
        this.weekdays = w;
    }

    /** Returns the locale's code, e.g. {@code en_US} or {@code es}. */
    public String code() {
        return code;
    }

    /** Returns the language's name in itself, e.g. {@code Español}, or {@code Unknown}. */
    public String name() {
        return name;
    }

    /** Returns whether the language is written right to left (codes starting fa, ar or he), as Tornado's. */
    public boolean rtl() {
        return rtl;
    }

    /**
     * Translates a message.
     *
     * @param message the English text
     * @return the translation, or {@code message} when there is none
     */
    public String translate(String message) {
        return translate(message, null, 1);
    }

    /**
     * Translates a message with a singular and a plural form, as Tornado's {@code translate(message,
     * plural_message, count)}: the language's plural rule chooses the form for {@code count} (gettext); for
     * Tornado's CSV files, {@code count == 1} is singular and anything else plural.
     *
     * @param message the English singular
     * @param plural the English plural, or null for a message without plural
     * @param count the number the message is about
     * @return the translation, or the English form for {@code count} when there is none
     */
    public String translate(String message, @Nullable String plural, long count) {
        Translations t = translations;
        String result = t == null ? null : t.translate(null, message, plural, count);
        if (result != null) {
            return result;
        }
        return plural != null && count != 1 ? plural : message;
    }

    /**
     * Translates a message in a context, as gettext's {@code pgettext}: the same English word may have
     * several translations ({@code pgettext("law", "right")}, {@code pgettext("good", "right")}). Without a
     * translation for the context, the message is translated without it. CSV files have no contexts.
     *
     * @param context the context
     * @param message the English text
     * @return the translation, or {@code message}
     */
    public String pgettext(String context, String message) {
        return pgettext(context, message, null, 1);
    }

    /**
     * Translates a message with plural forms in a context; see {@link #pgettext(String, String)} and
     * {@link #translate(String, String, long)}.
     *
     * @param context the context
     * @param message the English singular
     * @param plural the English plural, or null
     * @param count the number the message is about
     * @return the translation, or the English form for {@code count}
     */
    public String pgettext(String context, String message, @Nullable String plural, long count) {
        Translations t = translations;
        String result = t == null ? null : t.translate(context, message, plural, count);
        if (result != null) {
            return result;
        }
        return plural != null && count != 1 ? plural : message;
    }

    /**
     * Replaces Python-style named placeholders — {@code %(name)s}, {@code %(name)d} — with values, and
     * {@code %%} with {@code %}: how Tornado's translated strings carry their arguments.
     *
     * @param format the text with placeholders
     * @param values the values by name ({@code d} takes the value's {@code toString()} as {@code s} does)
     * @return the text with the values in
     * @throws IllegalArgumentException if a placeholder names no value
     */
    public static String interpolate(String format, Map<String, ?> values) {
        if (format.indexOf('%') < 0) {
            return format;
        }
        StringBuilder sb = new StringBuilder(format.length() + 16);
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                sb.append(c);
            } else if (format.charAt(i + 1) == '%') {
                sb.append('%');
                i++;
            } else if (format.charAt(i + 1) == '(') {
                int close = format.indexOf(')', i);
                if (close < 0 || close + 1 >= format.length()) {
                    sb.append(c);
                    continue;
                }
                String key = format.substring(i + 2, close);
                if (!values.containsKey(key)) {
                    throw new IllegalArgumentException(
                            "the text \"" + format + "\" needs a value for " + key + "; values: " + values.keySet());
                }
                sb.append(values.get(key));
                i = close + 1; // skip the conversion letter (s, d)
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------
    // Formatting, as Tornado's Locale

    /**
     * Formats a date relative to {@code now} in UTC, as {@code formatDate(date, 0, true, false, false, now)}.
     *
     * @param date the date
     * @param now the current time (a handler passes its loop's clock, so tests control it)
     * @return e.g. {@code 3 minutes ago}, {@code yesterday at 1:23 pm}
     */
    public String formatDate(Instant date, Instant now) {
        return formatDate(date, 0, true, false, false, now);
    }

    /**
     * Formats a date as Tornado's {@code format_date}: relative to {@code now} when it is recent
     * ({@code 1 second ago} under 50 seconds, {@code N minutes ago} under 50 minutes, {@code N hours ago}
     * the same day), else {@code 1:23 pm} today, {@code yesterday at 1:23 pm}, {@code Monday at 1:23 pm}
     * within 5 days, {@code March 4 at 1:23 pm} within 334 days, else {@code March 4, 2025 at 1:23 pm}.
     * A date less than a minute ahead of {@code now} counts as now in relative mode (clock skew); other
     * future dates get the full format. The 12-hour clock is used for English ({@code en}, {@code en_US}),
     * Chinese has its own form, others use 24 hours.
     *
     * @param date the date
     * @param gmtOffsetMinutes the user's offset from UTC in minutes as JavaScript's
     *     {@code getTimezoneOffset()} gives it: UTC minus local time, so 300 for New York in winter
     * @param relative whether recent dates are relative ("3 minutes ago", "yesterday")
     * @param shorter whether to leave the time of day out of day-level formats
     * @param fullFormat whether to always give month, day and year
     * @param now the current time
     * @return the formatted date
     */
    public String formatDate(
            Instant date, int gmtOffsetMinutes, boolean relative, boolean shorter, boolean fullFormat, Instant now) {
        if (date.isAfter(now)) {
            if (relative && date.toEpochMilli() - now.toEpochMilli() < 60_000) {
                date = now;
            } else {
                fullFormat = true;
            }
        }
        LocalDateTime localDate = LocalDateTime.ofInstant(date, ZoneOffset.UTC).minusMinutes(gmtOffsetMinutes);
        LocalDateTime localNow = LocalDateTime.ofInstant(now, ZoneOffset.UTC).minusMinutes(gmtOffsetMinutes);
        LocalDateTime localYesterday = localNow.minusHours(24);
        long diff = now.toEpochMilli() - date.toEpochMilli();
        long days = Math.floorDiv(diff, 86_400_000L);
        long seconds = Math.floorMod(diff, 86_400_000L) / 1000;

        String format = null;
        if (!fullFormat) {
            if (relative && days == 0) {
                if (seconds < 50) {
                    return interpolate(
                            translate("1 second ago", "%(seconds)d seconds ago", seconds), Map.of("seconds", seconds));
                }
                if (seconds < 50 * 60) {
                    long minutes = (long) Math.rint(seconds / 60.0); // Python's round: half to even
                    return interpolate(
                            translate("1 minute ago", "%(minutes)d minutes ago", minutes), Map.of("minutes", minutes));
                }
                long hours = (long) Math.rint(seconds / 3600.0);
                return interpolate(translate("1 hour ago", "%(hours)d hours ago", hours), Map.of("hours", hours));
            }
            if (days == 0) {
                format = translate("%(time)s");
            } else if (days == 1 && localDate.getDayOfMonth() == localYesterday.getDayOfMonth() && relative) {
                format = shorter ? translate("yesterday") : translate("yesterday at %(time)s");
            } else if (days < 5) {
                format = shorter ? translate("%(weekday)s") : translate("%(weekday)s at %(time)s");
            } else if (days < 334) { // 11 months: "March 4" of last year would read as this year's
                format =
                        shorter ? translate("%(month_name)s %(day)s") : translate("%(month_name)s %(day)s at %(time)s");
            }
        }
        if (format == null) {
            format = shorter
                    ? translate("%(month_name)s %(day)s, %(year)s")
                    : translate("%(month_name)s %(day)s, %(year)s at %(time)s");
        }
        return interpolate(
                format,
                Map.of(
                        "month_name", months[localDate.getMonthValue() - 1],
                        "weekday", weekdays[localDate.getDayOfWeek().getValue() - 1],
                        "day", Integer.toString(localDate.getDayOfMonth()),
                        "year", Integer.toString(localDate.getYear()),
                        "time", time(localDate)));
    }

    private String time(LocalDateTime t) {
        int hour = t.getHour();
        int minute = t.getMinute();
        String mm = minute < 10 ? "0" + minute : Integer.toString(minute);
        if (code.equals("zh_CN")) {
            return (hour >= 12 ? "\u4e0b\u5348" : "\u4e0a\u5348") + (hour % 12 == 0 ? 12 : hour % 12) + ":" + mm;
        }
        if (code.equals("en") || code.equals("en_US")) {
            return (hour % 12 == 0 ? 12 : hour % 12) + ":" + mm + " " + (hour >= 12 ? "pm" : "am");
        }
        return hour + ":" + mm;
    }

    /**
     * Formats a day as Tornado's {@code format_day}: {@code Monday, January 22}, or {@code January 22}
     * without the weekday.
     *
     * @param date the date
     * @param gmtOffsetMinutes UTC minus local time, in minutes (see {@link #formatDate})
     * @param dayOfWeek whether to include the weekday
     * @return the formatted day
     */
    public String formatDay(Instant date, int gmtOffsetMinutes, boolean dayOfWeek) {
        LocalDateTime d = LocalDateTime.ofInstant(date, ZoneOffset.UTC).minusMinutes(gmtOffsetMinutes);
        Map<String, String> values = Map.of(
                "month_name", months[d.getMonthValue() - 1],
                "weekday", weekdays[d.getDayOfWeek().getValue() - 1],
                "day", Integer.toString(d.getDayOfMonth()));
        return interpolate(
                dayOfWeek ? translate("%(weekday)s, %(month_name)s %(day)s") : translate("%(month_name)s %(day)s"),
                values);
    }

    /**
     * Joins parts as a list in this language, as Tornado's {@code list}: {@code "A, B and C"}; one part
     * alone; empty for none.
     *
     * @param parts the parts
     * @return the list
     */
    public String list(List<String> parts) {
        if (parts.isEmpty()) {
            return "";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        String comma = code.startsWith("fa") ? " \u0648 " : ", ";
        return interpolate(
                translate("%(commas)s and %(last)s"),
                Map.of(
                        "commas", String.join(comma, parts.subList(0, parts.size() - 1)),
                        "last", parts.get(parts.size() - 1)));
    }

    /**
     * Formats a number with thousands separators for English ({@code 1,234,567}); other languages get the
     * plain digits, as Tornado's {@code friendly_number}.
     *
     * @param value the number
     * @return the formatted number
     */
    public String friendlyNumber(long value) {
        String s = Long.toString(value);
        if (!code.equals("en") && !code.equals("en_US")) {
            return s;
        }
        boolean negative = value < 0;
        String digits = negative ? s.substring(1) : s;
        StringBuilder sb = new StringBuilder();
        int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        sb.append(digits, 0, first);
        for (int i = first; i < digits.length(); i += 3) {
            sb.append(',').append(digits, i, i + 3);
        }
        return negative ? "-" + sb : sb.toString();
    }

    @Override
    public String toString() {
        return "Locale(" + code + ")";
    }
}
