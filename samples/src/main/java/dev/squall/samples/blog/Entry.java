package dev.squall.samples.blog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A blog entry as stored.
 *
 * @param id the row id
 * @param authorName who wrote it
 * @param slug the URL name, unique: {@code /entry/SLUG}
 * @param title the title, plain text
 * @param markdown the source the author wrote
 * @param html the Markdown rendered and sanitised ({@link Markdown}), safe to insert unescaped
 * @param published when it was first saved
 * @param updated when it was last saved
 */
public record Entry(
        long id,
        String authorName,
        String slug,
        String title,
        String markdown,
        String html,
        Instant published,
        Instant updated) {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /**
     * Returns the publication date for people: {@code 7 December 2026} (UTC).
     *
     * @return the date
     */
    public String publishedDate() {
        return DATE.format(published);
    }

    /**
     * Formats an instant as RFC 3339 for Atom: {@code 2026-12-07T01:02:03Z}, in UTC, whole seconds.
     *
     * @param instant the instant
     * @return the text
     */
    public static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
