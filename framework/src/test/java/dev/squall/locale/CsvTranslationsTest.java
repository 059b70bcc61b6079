package dev.squall.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tornado's CSV translation files. */
class CsvTranslationsTest {
    static final String CSV = "\"Sign out\",\"Cerrar sesión\"\n"
            + "\"%(n)d comment\",\"%(n)d comentario\",\"singular\"\n"
            + "\"%(n)d comments\",\"%(n)d comentarios\",\"plural\"\n"
            + "\"A, B\",\"A y \"\"B\"\"\"\n"
            + "\"Broken\",\"Roto\",\"dual\"\n"
            + "\"only one column\"\n"
            + "\r\n"
            + "  \"Padded\" , \" Relleno \" \r\n";

    static Locale locale(byte[] bytes) {
        return Locales.builder()
                .add("es", Translations.csv(bytes, "es.csv"))
                .build()
                .get("es");
    }

    static void check(Locale es) {
        assertEquals("Cerrar sesión", es.translate("Sign out"));
        assertEquals("%(n)d comentario", es.translate("%(n)d comment", "%(n)d comments", 1));
        assertEquals("%(n)d comentarios", es.translate("%(n)d comment", "%(n)d comments", 0));
        assertEquals("%(n)d comentarios", es.translate("%(n)d comment", "%(n)d comments", 5));
        assertEquals("A y \"B\"", es.translate("A, B"));
        assertEquals("Broken", es.translate("Broken"), "a row with an unknown plural indicator is skipped");
        assertEquals("Relleno", es.translate("Padded"), "fields are stripped");
        assertEquals("Untranslated", es.translate("Untranslated"));
        assertEquals("Sign outs", es.translate("Sign out", "Sign outs", 2), "plural lookups use only the plural rows");
        assertEquals("Cerrar sesión", es.pgettext("menu", "Sign out"), "CSV has no contexts");
    }

    @Test
    void utf8() {
        check(locale(CSV.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void utf8WithByteOrderMark() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(CSV.getBytes(StandardCharsets.UTF_8));
        check(locale(out.toByteArray()));
    }

    @Test
    void utf16BothByteOrders() {
        check(locale(CSV.getBytes(StandardCharsets.UTF_16))); // big-endian with its BOM
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        out.writeBytes(CSV.getBytes(StandardCharsets.UTF_16LE));
        check(locale(out.toByteArray()));
    }
}
