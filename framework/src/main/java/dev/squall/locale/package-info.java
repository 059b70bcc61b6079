/**
 * Translations and locale-aware formatting, as Tornado's {@code tornado.locale}: {@link dev.squall.locale.Locales}
 * loads translations (Tornado's CSV files, gettext {@code .po}/{@code .mo} files with their plural rules,
 * Java resource bundles) and finds the closest supported {@link dev.squall.locale.Locale} for a user;
 * a {@code Locale} translates messages and formats dates, days, lists and numbers as Tornado's.
 *
 * <pre>{@code
 * Locales locales = Locales.builder().csvDirectory(Path.of("translations")).build();
 * Locale es = locales.get("es_LA", "en");                   // es_LA, else es, else en, else the default
 * es.translate("Sign out");                                  // "Cerrar sesión"
 * es.translate("%(count)d comment", "%(count)d comments", 3);
 * es.formatDate(posted, 0, true, false, false, now);         // "hace 3 minutos"
 * }</pre>
 *
 * <p>Everything here is immutable and safe from any thread; no dependency beyond the JDK.
 */
@NullMarked
package dev.squall.locale;

import org.jspecify.annotations.NullMarked;
