package dev.squall.locale;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Gettext catalogs: {@code .po} text and {@code .mo} binaries, read into one map from key ({@code msgid}, or
 * {@code msgctxt + "\u0004" + msgid}) to the translated forms. Written here, as the CSV reader, to keep the
 * framework free of dependencies; both formats are small (GNU gettext manual, "The Format of PO Files" and
 * "The Format of GNU MO Files").
 */
final class Gettext implements Translations {
    static final char CONTEXT_SEPARATOR = '\u0004';

    private final Map<String, String[]> messages;
    private final PluralRule rule;

    private Gettext(Map<String, String[]> messages, PluralRule rule) {
        this.messages = messages;
        this.rule = rule;
    }

    /** Returns the catalog's plural rule (English's when the header has none). */
    PluralRule rule() {
        return rule;
    }

    @Override
    public @Nullable String translate(@Nullable String context, String message, @Nullable String plural, long count) {
        String[] forms = context != null ? messages.get(context + CONTEXT_SEPARATOR + message) : null;
        if (forms == null) {
            forms = messages.get(message); // as Tornado's pgettext: a context without translation falls back
        }
        if (forms == null) {
            return null;
        }
        int index = plural == null ? 0 : rule.formFor(count);
        String form = index < forms.length ? forms[index] : null;
        return form == null || form.isEmpty() ? null : form;
    }

    private static Gettext of(Map<String, String[]> messages) {
        String[] header = messages.get("");
        PluralRule rule = PluralRule.GERMANIC;
        if (header != null && header.length > 0) {
            for (String line : header[0].split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Plural-Forms")) {
                    rule = PluralRule.parse(line.substring(colon + 1).strip());
                }
            }
        }
        Map<String, String[]> copy = new HashMap<>(messages);
        copy.remove("");
        return new Gettext(Map.copyOf(copy), rule);
    }

    // ------------------------------------------------------------------------------------------------
    // .po

    static Gettext parsePo(byte[] bytes, String source) {
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? 3
                : 0;
        String[] lines = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8).split("\r?\n", -1);
        Map<String, String[]> messages = new HashMap<>();
        PoEntry entry = new PoEntry();
        StringBuilder current = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            try {
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    if (entry.started()) {
                        entry.add(messages);
                        entry = new PoEntry();
                        current = null;
                    }
                    if (line.startsWith("#,") && line.contains("fuzzy")) {
                        entry.fuzzy = true;
                    } else if (line.startsWith("#~")) {
                        entry.obsolete = true;
                    }
                    continue;
                }
                if (line.startsWith("\"")) {
                    if (current == null) {
                        throw new IllegalArgumentException("a string with no keyword before it");
                    }
                    current.append(unquote(line));
                    continue;
                }
                int space = line.indexOf(' ');
                if (space < 0) {
                    throw new IllegalArgumentException("expected a keyword and a quoted string");
                }
                String keyword = line.substring(0, space);
                String value = unquote(line.substring(space + 1).strip());
                if ((keyword.equals("msgctxt") || keyword.equals("msgid")) && entry.hasTranslation()) {
                    entry.add(messages);
                    entry = new PoEntry();
                }
                current = new StringBuilder(value);
                switch (keyword) {
                    case "msgctxt" -> entry.context = current;
                    case "msgid" -> entry.id = current;
                    case "msgid_plural" -> entry.plural = current;
                    case "msgstr" -> entry.forms.add(current);
                    default -> {
                        if (keyword.startsWith("msgstr[") && keyword.endsWith("]")) {
                            int n = Integer.parseInt(keyword.substring(7, keyword.length() - 1));
                            if (n != entry.forms.size()) {
                                throw new IllegalArgumentException(keyword + " out of order");
                            }
                            entry.forms.add(current);
                        } else {
                            throw new IllegalArgumentException("unknown keyword " + keyword);
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (entry.started()) {
            entry.add(messages);
        }
        try {
            return of(messages);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static final class PoEntry {
        @Nullable
        StringBuilder context;

        @Nullable
        StringBuilder id;

        @Nullable
        StringBuilder plural;

        final List<StringBuilder> forms = new ArrayList<>();
        boolean fuzzy;
        boolean obsolete;

        boolean started() {
            return id != null || context != null;
        }

        boolean hasTranslation() {
            return !forms.isEmpty();
        }

        void add(Map<String, String[]> messages) {
            if (id == null || forms.isEmpty() || obsolete) {
                return;
            }
            String key = id.toString();
            if (fuzzy && !key.isEmpty()) {
                return; // msgfmt leaves fuzzy entries out; the header counts even when marked fuzzy
            }
            if (context != null) {
                key = context + String.valueOf(CONTEXT_SEPARATOR) + key;
            }
            String[] values = new String[forms.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = forms.get(i).toString();
            }
            messages.put(key, values);
        }
    }

    private static String unquote(String s) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            throw new IllegalArgumentException("expected a quoted string, got " + s);
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length() - 1) {
                throw new IllegalArgumentException("a string ends with a backslash");
            }
            char e = s.charAt(i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------
    // .mo

    private static final int MAGIC = 0x950412de;

    static Gettext parseMo(byte[] bytes, String source) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int magic = b.getInt(0);
            if (magic != MAGIC) {
                b.order(ByteOrder.BIG_ENDIAN);
                if (b.getInt(0) != MAGIC) {
                    throw new IllegalArgumentException("not a gettext .mo file (bad magic number)");
                }
            }
            int count = b.getInt(8);
            int originals = b.getInt(12);
            int translations = b.getInt(16);
            if (count < 0 || count > bytes.length / 16) {
                throw new IllegalArgumentException("bad message count " + count);
            }
            Map<String, String[]> messages = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String key = string(b, bytes, originals + 8 * i);
                String value = string(b, bytes, translations + 8 * i);
                int nul = key.indexOf('\0');
                if (nul >= 0) {
                    key = key.substring(0, nul); // "singular\0plural": looked up by the singular
                }
                messages.put(key, value.split("\0", -1));
            }
            return of(messages);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(source + ": truncated .mo file", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static String string(ByteBuffer b, byte[] bytes, int descriptor) {
        int length = b.getInt(descriptor);
        int offset = b.getInt(descriptor + 4);
        if (length < 0 || offset < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException("string outside the file");
        }
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
