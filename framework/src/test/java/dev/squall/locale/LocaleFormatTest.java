package dev.squall.locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tornado's Locale formatting, each branch of formatDate on a fixed clock. */
class LocaleFormatTest {
    /** A Wednesday, 3 pm UTC. */
    static final Instant NOW = Instant.parse("2026-03-18T15:00:00Z");

    static final Locale EN = Locales.english().get("en_US");
    static final Locale ES = Locales.builder()
            .add(
                    "es",
                    Translations.csv(
                            ("\"yesterday at %(time)s\",\"ayer a las %(time)s\"\n"
                                            + "\"1 minute ago\",\"hace 1 minuto\",\"singular\"\n"
                                            + "\"%(minutes)d minutes ago\",\"hace %(minutes)d minutos\",\"plural\"\n"
                                            + "\"%(weekday)s, %(month_name)s %(day)s\",\"%(weekday)s, %(day)s de %(month_name)s\"\n"
                                            + "\"Wednesday\",\"miércoles\"\n\"March\",\"marzo\"\n"
                                            + "\"%(commas)s and %(last)s\",\"%(commas)s y %(last)s\"\n")
                                    .getBytes(StandardCharsets.UTF_8),
                            "es"))
            .build()
            .get("es");

    static String ago(Duration d) {
        return EN.formatDate(NOW.minus(d), NOW);
    }

    @Test
    void secondsUnderFifty() {
        assertEquals("1 second ago", ago(Duration.ofSeconds(1)));
        assertEquals("49 seconds ago", ago(Duration.ofSeconds(49)));
    }

    @Test
    void minutesUnderFiftyRoundedHalfToEvenAsPython() {
        assertEquals("1 minute ago", ago(Duration.ofSeconds(50)));
        assertEquals("2 minutes ago", ago(Duration.ofSeconds(90)));
        assertEquals("2 minutes ago", ago(Duration.ofSeconds(150)));
        assertEquals("49 minutes ago", ago(Duration.ofMinutes(49)));
    }

    @Test
    void hoursTheSameDay() {
        assertEquals("1 hour ago", ago(Duration.ofMinutes(50)));
        assertEquals("2 hours ago", ago(Duration.ofHours(2)));
    }

    @Test
    void timeOfDayWhenNotRelative() {
        assertEquals("1:00 pm", EN.formatDate(NOW.minus(Duration.ofHours(2)), 0, false, false, false, NOW));
    }

    @Test
    void yesterday() {
        Instant date = Instant.parse("2026-03-17T10:00:00Z");
        assertEquals("yesterday at 10:00 am", EN.formatDate(date, NOW));
        assertEquals("yesterday", EN.formatDate(date, 0, true, true, false, NOW));
    }

    @Test
    void weekdayWithinFiveDays() {
        assertEquals("Sunday at 9:05 am", EN.formatDate(Instant.parse("2026-03-15T09:05:00Z"), NOW));
        assertEquals("Sunday", EN.formatDate(Instant.parse("2026-03-15T09:05:00Z"), 0, true, true, false, NOW));
    }

    @Test
    void monthAndDayWithinElevenMonths() {
        assertEquals("January 2 at 6:30 pm", EN.formatDate(Instant.parse("2026-01-02T18:30:00Z"), NOW));
        assertEquals("January 2", EN.formatDate(Instant.parse("2026-01-02T18:30:00Z"), 0, true, true, false, NOW));
    }

    @Test
    void withTheYearBeyond() {
        assertEquals("March 1, 2025 at 12:00 am", EN.formatDate(Instant.parse("2025-03-01T00:00:00Z"), NOW));
        assertEquals("March 1, 2025", EN.formatDate(Instant.parse("2025-03-01T00:00:00Z"), 0, true, true, false, NOW));
        assertEquals(
                "March 18, 2026 at 2:59 pm",
                EN.formatDate(NOW.minusSeconds(60), 0, true, false, true, NOW),
                "fullFormat");
    }

    @Test
    void theNearFutureIsNowAndTheFarFutureFull() {
        assertEquals("0 seconds ago", EN.formatDate(NOW.plusSeconds(30), NOW));
        assertEquals("March 19, 2026 at 3:00 pm", EN.formatDate(NOW.plus(Duration.ofDays(1)), NOW));
    }

    @Test
    void inTheUsersTimeZone() {
        // 300 minutes: New York in winter (UTC minus local time, as JavaScript's getTimezoneOffset).
        assertEquals("8:00 am", EN.formatDate(NOW.minus(Duration.ofHours(2)), 300, false, false, false, NOW));
        assertEquals("10:00 pm", EN.formatDate(NOW.minus(Duration.ofHours(2)), -540, false, false, false, NOW));
    }

    @Test
    void otherLanguagesTranslateAndUseTheTwentyFourHourClock() {
        assertEquals("ayer a las 10:00", ES.formatDate(Instant.parse("2026-03-17T10:00:00Z"), NOW));
        assertEquals("hace 3 minutos", ES.formatDate(NOW.minusSeconds(180), NOW));
        assertEquals("hace 1 minuto", ES.formatDate(NOW.minusSeconds(60), NOW));
        assertEquals("13:00", ES.formatDate(NOW.minus(Duration.ofHours(2)), 0, false, false, false, NOW));
    }

    @Test
    void chineseHasItsOwnClock() {
        Locale zh = Locales.builder().defaultLocale("zh_CN").build().get("zh_CN");
        assertEquals("\u4e0b\u53481:00", zh.formatDate(NOW.minus(Duration.ofHours(2)), 0, false, false, false, NOW));
    }

    @Test
    void formatDay() {
        assertEquals("Wednesday, March 18", EN.formatDay(NOW, 0, true));
        assertEquals("March 18", EN.formatDay(NOW, 0, false));
        assertEquals("Tuesday, March 17", EN.formatDay(NOW, 16 * 60, true));
        assertEquals("miércoles, 18 de marzo", ES.formatDay(NOW, 0, true));
    }

    @Test
    void list() {
        assertEquals("", EN.list(List.of()));
        assertEquals("A", EN.list(List.of("A")));
        assertEquals("A and B", EN.list(List.of("A", "B")));
        assertEquals("A, B and C", EN.list(List.of("A", "B", "C")));
        assertEquals("A, B y C", ES.list(List.of("A", "B", "C")));
        Locale fa = Locales.builder().defaultLocale("fa").build().get("fa");
        assertEquals("A \u0648 B and C", fa.list(List.of("A", "B", "C")));
    }

    @Test
    void friendlyNumberOnlyInEnglish() {
        assertEquals("1,234,567", EN.friendlyNumber(1234567));
        assertEquals("999", EN.friendlyNumber(999));
        assertEquals("-1,000", EN.friendlyNumber(-1000));
        assertEquals("1234567", ES.friendlyNumber(1234567));
    }

    @Test
    void rightToLeftForPersianArabicHebrew() {
        for (String code : List.of("fa", "ar", "he_IL")) {
            assertTrue(Locales.builder().defaultLocale(code).build().get(code).rtl(), code);
        }
        assertFalse(ES.rtl());
        assertFalse(EN.rtl());
    }

    @Test
    void namesAreInTheLanguageItself() {
        assertEquals("Español", ES.name());
        assertEquals("English", EN.name());
    }

    @Test
    void interpolateFillsPythonStylePlaceholders() {
        assertEquals("3 items, 100%", Locale.interpolate("%(n)d items, 100%%", java.util.Map.of("n", 3)));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Locale.interpolate("%(missing)s", java.util.Map.of()));
    }
}
