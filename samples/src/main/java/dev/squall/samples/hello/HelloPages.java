package dev.squall.samples.hello;

import dev.squall.locale.Locales;
import dev.squall.locale.Translations;
import dev.squall.templates.jte.JteTemplates;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import dev.squall.web.UIModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code hello} sample's HTML pages, rendered from jte templates ({@code samples/src/main/jte/hello}, which
 * the build precompiles with {@code jte-maven-plugin} into {@value #TEMPLATE_PACKAGE}) in the visitor's
 * language (English, or Spanish for {@code Accept-Language: es}):
 * <ul>
 *   <li>{@code GET /fortunes}: TechEmpower's Fortunes page, a layout around a table of 13 escaped rows;</li>
 *   <li>{@code GET /welcome}: a layout, the {@code Greeting} UI module (with its CSS) and translated, relative
 *       dates.</li>
 * </ul>
 */
public final class HelloPages {
    /** The package of the precompiled templates (the jte-maven-plugin's {@code packageName}). */
    public static final String TEMPLATE_PACKAGE = "dev.squall.samples.jte";

    private static final Instant STARTED = Instant.now();

    private HelloPages() {}

    /**
     * Adds the pages, their templates, UI module and translations to an application.
     *
     * @param b the application's builder
     * @return the builder
     */
    public static Application.Builder addTo(Application.Builder b) {
        return b.templates(JteTemplates.precompiled(TEMPLATE_PACKAGE))
                .locales(locales())
                .uiModule("Greeting", GreetingModule::new)
                .route("/fortunes", FortunesHandler::new)
                .route("/welcome", WelcomeHandler::new);
    }

    /** Returns English and the Spanish translations shipped in the jar ({@code /locale/es.csv}). */
    public static Locales locales() {
        try (InputStream in = Objects.requireNonNull(
                HelloPages.class.getResourceAsStream("/locale/es.csv"),
                "/locale/es.csv is missing from the class path")) {
            return Locales.builder()
                    .add("es", Translations.csv(in.readAllBytes(), "/locale/es.csv"))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /fortunes}: TechEmpower's Fortunes page (without the database). */
    public static final class FortunesHandler extends RequestHandler {
        @Override
        public void get() {
            render("hello/fortunes.jte", Map.of("fortunes", Fortune.forRequest()));
        }
    }

    /** {@code GET /welcome?name=...}: a page with a UI module and translated text. */
    static final class WelcomeHandler extends RequestHandler {
        @Override
        public void get() {
            render("hello/welcome.jte", Map.of("name", getArgument("name", "world"), "started", STARTED));
        }
    }

    /** The {@code Greeting} UI module: a translated greeting, with the CSS it needs. */
    static final class GreetingModule extends UIModule {
        @Override
        public String render(@Nullable Object... args) {
            return renderString("hello/modules/greeting.jte", Map.of("name", String.valueOf(args[0])));
        }

        @Override
        public @Nullable String embeddedCss() {
            return ".greeting { font-size: 2em }";
        }
    }
}
