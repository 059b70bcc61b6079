package dev.squall.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tornado's closest-match rules and Accept-Language q-values. */
class LocalesTest {
    static final Translations NONE = (c, m, p, n) -> null;
    static final Locales LOCALES =
            Locales.builder().add("es", NONE).add("pt_BR", NONE).build();

    @Test
    void closestMatch() {
        assertEquals("es", LOCALES.get("es_LA").code());
        assertEquals("pt_BR", LOCALES.get("pt-br").code());
        assertEquals("en_US", LOCALES.get("pt").code(), "a language alone does not match its countries");
        assertEquals("es", LOCALES.get("zh_Hant_TW", "es").code(), "codes of three parts are skipped");
        assertEquals("en_US", LOCALES.get("fr").code());
        assertEquals("en_US", LOCALES.get("").code());
        assertEquals("en_US", LOCALES.get().code());
        assertEquals("es", LOCALES.get("fr", "ES").code());
        assertEquals(Set.of("en_US", "es", "pt_BR"), LOCALES.supported());
    }

    @Test
    void acceptLanguageByQuality() {
        assertEquals(
                "pt_BR",
                LOCALES.fromAcceptLanguage("fr;q=0.9, es;q=0.8, pt-BR;q=0.95").code());
        assertEquals("es", LOCALES.fromAcceptLanguage("es-AR, pt-BR;q=0.9").code());
        assertEquals("en_US", LOCALES.fromAcceptLanguage("es;q=0, fr").code(), "q=0 means not acceptable");
        assertEquals(
                "pt_BR", LOCALES.fromAcceptLanguage("es;q=abc, pt-BR;q=0.1").code(), "a bad q counts as 0");
        assertEquals("en_US", LOCALES.fromAcceptLanguage(null).code());
        assertEquals("en_US", LOCALES.fromAcceptLanguage("").code());
    }

    @Test
    void theDefaultLocaleIsConfigurable() {
        Locales l = Locales.builder().defaultLocale("es").build();
        assertEquals("es", l.get("fr").code());
        assertThrows(IllegalArgumentException.class, () -> Locales.builder().defaultLocale("en-US"));
    }

    @Test
    void csvDirectoryLoadsOneFilePerLocaleAndSkipsBadNames(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("es_LA.csv"), "\"Hello\",\"Hola\"\n");
        Files.writeString(dir.resolve("fr.csv"), "\"Hello\",\"Bonjour\"\n");
        Files.writeString(dir.resolve("notalocale.CSV"), "x");
        Files.writeString(dir.resolve("Bad_name.csv"), "\"Hello\",\"?\"\n");
        Locales l = Locales.builder().csvDirectory(dir).build();
        assertEquals(Set.of("en_US", "es_LA", "fr"), l.supported());
        assertEquals("Hola", l.get("es_LA").translate("Hello"));
        assertEquals("Bonjour", l.get("fr_CA").translate("Hello"));
    }

    @Test
    void gettextDirectoryReadsLcMessages(@TempDir Path dir) throws IOException {
        Path po = dir.resolve("de/LC_MESSAGES/messages.po");
        Files.createDirectories(po.getParent());
        Files.writeString(
                po,
                "msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n"
                        + "msgid \"Hello\"\nmsgstr \"Hallo\"\n",
                StandardCharsets.UTF_8);
        Path mo = dir.resolve("it/LC_MESSAGES/messages.mo");
        Files.createDirectories(mo.getParent());
        Files.write(mo, GettextTest.mo(false, new String[][] {{"Hello", "Ciao"}}));
        Locales l = Locales.builder().gettextDirectory(dir, "messages").build();
        assertEquals("Hallo", l.get("de").translate("Hello"));
        assertEquals("Ciao", l.get("it_IT").translate("Hello"));
    }
}
