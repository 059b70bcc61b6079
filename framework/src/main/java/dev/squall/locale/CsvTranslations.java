package dev.squall.locale;

import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Tornado's CSV translations: three dictionaries ({@code plural}, {@code singular}, {@code unknown}). The CSV
 * reader is written here (RFC 4180 quoting, about 40 lines) rather than taken from a library: the framework
 * depends on nothing beyond the JDK, Okio and Moshi.
 */
final class CsvTranslations implements Translations {
    private static final System.Logger LOG = System.getLogger("dev.squall.general");

    private final Map<String, String> plural;
    private final Map<String, String> singular;
    private final Map<String, String> unknown;

    private CsvTranslations(Map<String, String> plural, Map<String, String> singular, Map<String, String> unknown) {
        this.plural = plural;
        this.singular = singular;
        this.unknown = unknown;
    }

    @Override
    public @Nullable String translate(
            @Nullable String context, String message, @Nullable String pluralMessage, long count) {
        if (pluralMessage == null) {
            return unknown.get(message);
        }
        return count != 1 ? plural.get(pluralMessage) : singular.get(message);
    }

    static CsvTranslations parse(byte[] bytes, String source) {
        String text = decode(bytes);
        Map<String, String> plural = new HashMap<>();
        Map<String, String> singular = new HashMap<>();
        Map<String, String> unknown = new HashMap<>();
        int line = 0;
        for (List<String> row : rows(text)) {
            line++;
            if (row.size() < 2) {
                continue;
            }
            String english = row.get(0).strip();
            String translation = row.get(1).strip();
            String kind = row.size() > 2 && !row.get(2).isBlank() ? row.get(2).strip() : "unknown";
            Map<String, String> target = switch (kind) {
                case "plural" -> plural;
                case "singular" -> singular;
                case "unknown" -> unknown;
                default -> null;
            };
            if (target == null) {
                LOG.log(
                        Level.ERROR,
                        "Unrecognized plural indicator \"" + kind + "\" in " + source + " line " + line
                                + "; use plural, singular or unknown");
                continue;
            }
            target.put(english, translation);
        }
        return new CsvTranslations(Map.copyOf(plural), Map.copyOf(singular), Map.copyOf(unknown));
    }

    private static String decode(byte[] b) {
        if (b.length >= 2
                && (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE || b[0] == (byte) 0xFE && b[1] == (byte) 0xFF)) {
            Charset cs = b[0] == (byte) 0xFF ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
            return new String(b, 2, b.length - 2, cs);
        }
        int start = b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF ? 3 : 0;
        return new String(b, start, b.length - start, StandardCharsets.UTF_8);
    }

    /** Splits CSV text into rows of fields: quoted fields may hold commas, newlines and doubled quotes. */
    static List<List<String>> rows(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    row.add(field.toString());
                }
                rows.add(row);
                row = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
            }
        }
        if (any || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
