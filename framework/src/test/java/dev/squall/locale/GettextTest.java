package dev.squall.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Gettext catalogs: .po and .mo, contexts, plural forms by the catalog's rule. */
class GettextTest {
    static final String POLISH =
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);";

    static final String PO = """
            # Polish
            msgid ""
            msgstr ""
            "Content-Type: text/plain; charset=UTF-8\\n"
            "Plural-Forms: %s\\n"

            #: app.py:10
            msgid "Sign out"
            msgstr "Wyloguj"

            msgid "%%(n)d file"
            msgid_plural "%%(n)d files"
            msgstr[0] "%%(n)d plik"
            msgstr[1] "%%(n)d pliki"
            msgstr[2] "%%(n)d plików"

            msgctxt "law"
            msgid "right"
            msgstr "prawo"

            msgctxt "direction"
            msgid "right"
            msgstr "w prawo"

            msgid "multi"
            "line"
            msgstr "wiele "
            "linii\\n"

            #, fuzzy
            msgid "Fuzzy"
            msgstr "Niepewne"

            msgid "Empty"
            msgstr ""
            """.formatted(POLISH);

    static void check(Locale pl) {
        assertEquals("Wyloguj", pl.translate("Sign out"));
        assertEquals("%(n)d plik", pl.translate("%(n)d file", "%(n)d files", 1));
        assertEquals("%(n)d pliki", pl.translate("%(n)d file", "%(n)d files", 2));
        assertEquals("%(n)d pliki", pl.translate("%(n)d file", "%(n)d files", 22));
        assertEquals("%(n)d plików", pl.translate("%(n)d file", "%(n)d files", 5));
        assertEquals("%(n)d plików", pl.translate("%(n)d file", "%(n)d files", 12));
        assertEquals("prawo", pl.pgettext("law", "right"));
        assertEquals("w prawo", pl.pgettext("direction", "right"));
        assertEquals("right", pl.translate("right"));
        assertEquals("Untranslated", pl.pgettext("law", "Untranslated"));
        assertEquals("apples", pl.translate("apple", "apples", 3), "untranslated plurals fall back to English's rule");
    }

    static Locale locale(Translations t) {
        return Locales.builder().add("pl", t).build().get("pl");
    }

    @Test
    void po() {
        Locale pl = locale(Translations.po(PO.getBytes(StandardCharsets.UTF_8), "pl.po"));
        check(pl);
        assertEquals("wiele linii\n", pl.translate("multiline"));
        assertEquals("Fuzzy", pl.translate("Fuzzy"), "fuzzy entries are left out, as msgfmt does");
        assertEquals("Empty", pl.translate("Empty"), "an empty msgstr is untranslated");
    }

    @Test
    void moInBothByteOrders() {
        String[][] entries = {
            {"", "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: " + POLISH + "\n"},
            {"Sign out", "Wyloguj"},
            {"%(n)d file\0%(n)d files", "%(n)d plik\0%(n)d pliki\0%(n)d plików"},
            {"law\u0004right", "prawo"},
            {"direction\u0004right", "w prawo"},
        };
        check(locale(Translations.mo(mo(false, entries), "pl.mo")));
        check(locale(Translations.mo(mo(true, entries), "pl.mo")));
    }

    @Test
    void malformedFilesSayWhereAndWhat() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Translations.po("msgid \"a\"\nmsgstr oops\n".getBytes(StandardCharsets.UTF_8), "x.po"));
        assertTrue(e.getMessage().startsWith("x.po line 2:"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Translations.mo(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "x.mo"));
        assertTrue(e.getMessage().contains("not a gettext .mo file"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Translations.po(
                        "msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=system(n);\\n\"\n"
                                .getBytes(StandardCharsets.UTF_8),
                        "x.po"));
        assertTrue(e.getMessage().contains("Plural-Forms"), e.getMessage());
    }

    /** Writes a .mo file as GNU msgfmt lays it out (without the hash table, which readers may ignore). */
    static byte[] mo(boolean bigEndian, String[][] entries) {
        int n = entries.length;
        int headerSize = 28;
        int originals = headerSize;
        int translations = originals + 8 * n;
        int data = translations + 8 * n;
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        ByteBuffer table = ByteBuffer.allocate(data).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        table.putInt(0x950412de)
                .putInt(0)
                .putInt(n)
                .putInt(originals)
                .putInt(translations)
                .putInt(0)
                .putInt(0);
        int[][] where = new int[2 * n][];
        for (int column = 0; column < 2; column++) {
            for (int i = 0; i < n; i++) {
                byte[] s = entries[i][column].getBytes(StandardCharsets.UTF_8);
                where[column * n + i] = new int[] {s.length, data + strings.size()};
                strings.writeBytes(s);
                strings.write(0);
            }
        }
        for (int[] w : where) {
            table.putInt(w[0]).putInt(w[1]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(table.array());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }
}
