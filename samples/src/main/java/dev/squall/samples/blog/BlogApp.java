package dev.squall.samples.blog;

import dev.squall.samples.hello.HelloPages;
import dev.squall.templates.jte.JteTemplates;
import dev.squall.web.Application;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The blog's routes, templates and settings around a {@link BlogStore}. */
public final class BlogApp {
    /** Where to sign in: {@code @Authenticated} pages send visitors there. */
    public static final String LOGIN_URL = "/auth/login";
    /** The files in the jar's {@code /blog/static/}, served under {@code /static/}. */
    static final List<String> STATIC_FILES = List.of("blog.css");

    private BlogApp() {}

    /**
     * Builds the blog.
     *
     * @param store the database
     * @param cookieSecret signs the author cookie and XSRF tokens
     * @param staticDirectory the directory with the blog's static files ({@link #extractStaticFiles})
     * @return the application
     */
    public static Application app(BlogStore store, String cookieSecret, Path staticDirectory) {
        return Application.builder()
                .templates(JteTemplates.precompiled(HelloPages.TEMPLATE_PACKAGE))
                .cookieSecret(cookieSecret)
                .loginUrl(LOGIN_URL)
                .xsrfCookies(true)
                .staticPath(staticDirectory)
                .uiModule("Entry", EntryHandlers.EntryModule::new)
                .route("/", () -> new EntryHandlers.Home(store))
                .route("/archive", () -> new ArchiveHandler(store))
                .route("/entry/(?<slug>[^/]+)", () -> new EntryHandlers.Show(store), "entry")
                .route("/feed", () -> new EntryHandlers.Feed(store))
                .route("/compose", () -> new EntryHandlers.Compose(store))
                .route("/auth/create", () -> new AuthHandlers.SignUp(store))
                .route(LOGIN_URL, () -> new AuthHandlers.Login(store))
                .route("/auth/logout", () -> new AuthHandlers.Logout(store))
                .defaultHandler(() -> new EntryHandlers.NotFound(store))
                .build();
    }

    /**
     * Copies the static files out of the jar into a new temporary directory, since static files are served
     * from a directory with {@code sendfile}.
     *
     * @return the directory
     * @throws UncheckedIOException if it cannot be written
     */
    public static Path extractStaticFiles() {
        try {
            Path dir = Files.createTempDirectory("squall-blog-static");
            for (String name : STATIC_FILES) {
                try (InputStream in = Objects.requireNonNull(
                        BlogApp.class.getResourceAsStream("/blog/static/" + name), name + " is missing from the jar")) {
                    Files.copy(in, dir.resolve(name));
                }
                dir.resolve(name).toFile().deleteOnExit();
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the blog's static files to a temporary directory", e);
        }
    }
}
