package dev.squall.locale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The languages an application supports and their translations, as Tornado's module-level
 * {@code load_translations}/{@code load_gettext_translations}/{@code get_closest}, but an object: an
 * application holds one ({@code Application.builder().locales(...)}), tests make their own.
 *
 * <pre>{@code
 * Locales locales = Locales.builder()
 *         .csvDirectory(Path.of("translations"))           // es_LA.csv, fr.csv, ...
 *         .defaultLocale("en_US")
 *         .build();
 * Locale locale = locales.get("es-AR", "fr");             // es_AR? es? fr? else en_US
 * Locale fromHeader = locales.fromAcceptLanguage("fr-CH, fr;q=0.9, en;q=0.8");
 * }</pre>
 *
 * <p>Immutable and safe from any thread; {@link Locale}s are made once, at {@link Builder#build()}.
 */
public final class Locales {
    private static final System.Logger LOG = System.getLogger("dev.squall.general");
    /** Tornado's default locale. */
    public static final String DEFAULT_LOCALE = "en_US";

    private static final Locales ENGLISH = builder().build();

    private final Map<String, Locale> locales;
    private final Locale defaultLocale;

    private Locales(Builder b) {
        Map<String, Locale> map = new HashMap<>();
        for (Map.Entry<String, Translations> e : b.translations.entrySet()) {
            map.put(e.getKey(), new Locale(e.getKey(), e.getValue()));
        }
        map.computeIfAbsent(b.defaultLocale, code -> new Locale(code, null));
        this.locales = Map.copyOf(map);
        this.defaultLocale = Objects.requireNonNull(locales.get(b.defaultLocale), "the default locale was added above");
    }

    /**
     * Returns the locales of an application without translations: only {@code en_US}.
     *
     * @return English alone
     */
    public static Locales english() {
        return ENGLISH;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the closest supported locale for the codes, in order of preference, with Tornado's rules: each
     * code's {@code -} becomes {@code _}, {@code xx_yy} becomes {@code xx_YY}; codes with more than two parts
     * are skipped; a code matches exactly, else by its language alone ({@code es} for {@code es_AR}); when
     * nothing matches, the default locale.
     *
     * @param codes locale codes such as {@code es_LA}, {@code pt-BR}, {@code fr}; empty ones are skipped
     * @return the best supported locale, never null
     */
    public Locale get(String... codes) {
        for (String raw : codes) {
            if (raw == null || raw.isEmpty()) {
                continue;
            }
            String code = raw.replace('-', '_');
            String[] parts = code.split("_", -1);
            if (parts.length > 2) {
                continue;
            }
            String language = parts[0].toLowerCase(java.util.Locale.ROOT);
            if (parts.length == 2) {
                code = language + "_" + parts[1].toUpperCase(java.util.Locale.ROOT);
            }
            Locale exact = locales.get(code);
            if (exact != null) {
                return exact;
            }
            Locale lang = locales.get(language);
            if (lang != null) {
                return lang;
            }
        }
        return defaultLocale;
    }

    /**
     * Returns the closest supported locale for an {@code Accept-Language} header, as Tornado's
     * {@code get_browser_locale}: languages sorted by their {@code q} value (1 when absent; a malformed or
     * negative one counts as 0), those with 0 dropped, then {@link #get(String...)}.
     *
     * @param acceptLanguage the header's value, or null
     * @return the best supported locale, the default one when the header is missing or matches nothing
     */
    public Locale fromAcceptLanguage(@Nullable String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return defaultLocale;
        }
        record Choice(String code, double q, int order) {}
        List<Choice> choices = new ArrayList<>();
        String[] languages = acceptLanguage.split(",");
        for (int i = 0; i < languages.length; i++) {
            String[] parts = languages[i].strip().split(";");
            double q = 1.0;
            if (parts.length > 1 && parts[1].strip().startsWith("q=")) {
                try {
                    q = Double.parseDouble(parts[1].strip().substring(2));
                    if (q < 0 || Double.isNaN(q)) {
                        q = 0;
                    }
                } catch (NumberFormatException e) {
                    q = 0;
                }
            }
            if (q > 0) {
                choices.add(new Choice(parts[0].strip(), q, i));
            }
        }
        choices.sort((a, b) -> a.q != b.q ? Double.compare(b.q, a.q) : Integer.compare(a.order, b.order));
        String[] codes = new String[choices.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = choices.get(i).code;
        }
        return get(codes);
    }

    /** Returns the default locale: what {@link #get} gives when nothing matches. */
    public Locale defaultLocale() {
        return defaultLocale;
    }

    /** Returns the codes of the supported locales (those with translations, and the default one), sorted. */
    public Set<String> supported() {
        return new TreeSet<>(locales.keySet());
    }

    /** Configuration of {@link Locales}. */
    public static final class Builder {
        private final Map<String, Translations> translations = new LinkedHashMap<>();
        private String defaultLocale = DEFAULT_LOCALE;

        private Builder() {}

        /**
         * Sets the locale used when nothing matches (default {@code en_US}); supported even without
         * translations.
         *
         * @param code a locale code such as {@code en_US}
         * @return this builder
         */
        public Builder defaultLocale(String code) {
            this.defaultLocale = checkCode(Objects.requireNonNull(code, "code"));
            return this;
        }

        /**
         * Adds the translations of one locale.
         *
         * @param code the locale's code, {@code xx} or {@code xx_YY}
         * @param translations its translations
         * @return this builder
         * @throws IllegalArgumentException if the code is not {@code xx} or {@code xx_YY}
         */
        public Builder add(String code, Translations translations) {
            this.translations.put(checkCode(code), Objects.requireNonNull(translations, "translations"));
            return this;
        }

        /**
         * Loads Tornado CSV translations: one file per locale named after it ({@code es_LA.csv}); see
         * {@link Translations#csv}. Files with names that are no locale code are skipped and logged, as
         * Tornado does.
         *
         * @param directory the directory
         * @return this builder
         * @throws UncheckedIOException if the directory cannot be read
         */
        public Builder csvDirectory(Path directory) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (!name.endsWith(".csv")) {
                        continue;
                    }
                    String code = name.substring(0, name.length() - 4);
                    if (!isCode(code)) {
                        LOG.log(Level.ERROR, "Unrecognized locale \"" + code + "\" (path: " + file + ")");
                        continue;
                    }
                    translations.put(code, Translations.load(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list translations in " + directory, e);
            }
            return this;
        }

        /**
         * Loads gettext translations laid out as gettext expects them:
         * {@code directory/<locale>/LC_MESSAGES/<domain>.mo} (or {@code .po}).
         *
         * @param directory the directory holding one directory per locale
         * @param domain the catalog's name, e.g. {@code messages}
         * @return this builder
         * @throws UncheckedIOException if the directory cannot be read
         * @throws IllegalArgumentException if a catalog is malformed
         */
        public Builder gettextDirectory(Path directory, String domain) {
            try (Stream<Path> dirs = Files.list(directory)) {
                for (Path dir : dirs.sorted().toList()) {
                    String code = dir.getFileName().toString();
                    if (!Files.isDirectory(dir) || !isCode(code)) {
                        continue;
                    }
                    Path mo = dir.resolve("LC_MESSAGES").resolve(domain + ".mo");
                    Path po = dir.resolve("LC_MESSAGES").resolve(domain + ".po");
                    if (Files.isRegularFile(mo)) {
                        translations.put(code, Translations.load(mo));
                    } else if (Files.isRegularFile(po)) {
                        translations.put(code, Translations.load(po));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list translations in " + directory, e);
            }
            return this;
        }

        /**
         * Returns the locales.
         *
         * @return the immutable set of locales
         */
        public Locales build() {
            return new Locales(this);
        }

        private static String checkCode(String code) {
            if (!isCode(code)) {
                throw new IllegalArgumentException("\"" + code + "\" is not a locale code; write xx or xx_YY "
                        + "(lower-case language, upper-case country), e.g. es or es_LA");
            }
            return code;
        }

        private static boolean isCode(String code) {
            int underscore = code.indexOf('_');
            String lang = underscore < 0 ? code : code.substring(0, underscore);
            if (lang.isEmpty() || !lang.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                return false;
            }
            if (underscore < 0) {
                return true;
            }
            String country = code.substring(underscore + 1);
            return !country.isEmpty() && country.chars().allMatch(c -> c >= 'A' && c <= 'Z');
        }
    }
}
