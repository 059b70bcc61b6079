package dev.squall.samples.upload;

import dev.squall.web.Application;
import dev.squall.web.MultipartLimits;
import dev.squall.web.StaticFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The upload sample's application: the routes over one directory. */
public final class UploadApp {
    /** The largest upload, by PUT or by form: 10 GiB (memory stays at a chunk whatever the size). */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 10L << 30;

    private UploadApp() {}

    /**
     * Builds the application over {@code dir}, creating it (and its hidden {@code .incoming} directory for
     * uploads in progress) if needed.
     *
     * @param dir where files are stored
     * @param maxUploadBytes the largest upload
     * @return the application: {@code GET /}, {@code POST /}, {@code GET|HEAD|PUT /files/NAME}
     * @throws UncheckedIOException if the directories cannot be created
     */
    public static Application app(Path dir, long maxUploadBytes) {
        try {
            Files.createDirectories(incoming(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + incoming(dir) + ": " + e.getMessage(), e);
        }
        StaticFiles files = StaticFiles.builder(dir).urlPrefix("/files/").build();
        MultipartLimits limits =
                MultipartLimits.defaults().withMaxTotalBytes(maxUploadBytes).withMaxParts(100);
        return Application.builder()
                .xsrfCookies(true)
                .route("/", () -> new FormHandler(dir, limits))
                .route("/files/(?<name>[^/]+)", () -> new FileHandler(files, dir, maxUploadBytes))
                .build();
    }

    /** Returns the hidden directory of uploads in progress (the same file system, so storing is a rename). */
    static Path incoming(Path dir) {
        return dir.resolve(".incoming");
    }
}
