package dev.squall.locale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ResourceBundle;
import org.jspecify.annotations.Nullable;

/**
 * The translated messages of one language: what a {@link Locale} looks its messages up in. Made from
 * Tornado's CSV files ({@link #csv}), gettext catalogs ({@link #po}, {@link #mo}) or a Java
 * {@link ResourceBundle} ({@link #resourceBundle}); implement it for another source.
 *
 * <p>Implementations are immutable and safe from any thread.
 */
@FunctionalInterface
public interface Translations {
    /**
     * Returns the translation of a message, or null when there is none (the {@link Locale} then uses the
     * English text).
     *
     * @param context the gettext context ({@code pgettext}), or null; sources without contexts ignore it
     * @param message the English message (the singular form when {@code plural} is given)
     * @param plural the English plural form, or null for a message without plural
     * @param count the number that chooses between singular and plural forms (ignored without {@code plural})
     * @return the translation, or null
     */
    @Nullable
    String translate(@Nullable String context, String message, @Nullable String plural, long count);

    /**
     * Reads a Tornado CSV translation file: rows of {@code "english","translation"} with an optional third
     * column {@code plural}, {@code singular} or {@code unknown}. The bytes are UTF-16 when they start with a
     * UTF-16 byte-order mark, else UTF-8 (with or without a BOM). Rows with fewer than two columns are skipped;
     * a row with another plural indicator is skipped and logged, as Tornado does.
     *
     * @param csv the file's bytes
     * @param source names the file in log messages
     * @return the translations
     */
    static Translations csv(byte[] csv, String source) {
        return CsvTranslations.parse(csv, source);
    }

    /**
     * Reads a gettext {@code .po} file (UTF-8): entries with {@code msgctxt}, {@code msgid},
     * {@code msgid_plural}, {@code msgstr}/{@code msgstr[n]}; the header's {@code Plural-Forms} rule chooses
     * plural forms. Fuzzy and obsolete entries are left out, as {@code msgfmt} does.
     *
     * @param po the file's bytes
     * @param source names the file in error messages
     * @return the translations
     * @throws IllegalArgumentException if the file is malformed or its plural rule invalid, naming the line
     */
    static Translations po(byte[] po, String source) {
        return Gettext.parsePo(po, source);
    }

    /**
     * Reads a compiled gettext {@code .mo} file (either byte order, UTF-8 strings).
     *
     * @param mo the file's bytes
     * @param source names the file in error messages
     * @return the translations
     * @throws IllegalArgumentException if the file is not a {@code .mo} file or is truncated
     */
    static Translations mo(byte[] mo, String source) {
        return Gettext.parseMo(mo, source);
    }

    /**
     * Reads a translation file by its extension: {@code .csv}, {@code .po} or {@code .mo}.
     *
     * @param file the file
     * @return the translations
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if the extension is none of the three, or the file is malformed
     */
    static Translations load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read translations from " + file, e);
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".csv")) {
            return csv(bytes, file.toString());
        } else if (name.endsWith(".po")) {
            return po(bytes, file.toString());
        } else if (name.endsWith(".mo")) {
            return mo(bytes, file.toString());
        }
        throw new IllegalArgumentException(
                "unknown translation file type: " + file + "; use a Tornado .csv file or a gettext .po or .mo file");
    }

    /**
     * Uses a resource bundle: a message's key is its English text (or {@code context + "\u0004" + text}); a
     * plural message looks up the English plural form when {@code count != 1}. Missing keys are untranslated.
     *
     * @param bundle the bundle
     * @return the translations
     */
    static Translations resourceBundle(ResourceBundle bundle) {
        return (context, message, plural, count) -> {
            String key = plural != null && count != 1 ? plural : message;
            if (context != null && bundle.containsKey(context + '\u0004' + key)) {
                return bundle.getString(context + '\u0004' + key);
            }
            return bundle.containsKey(key) ? bundle.getString(key) : null;
        };
    }
}
