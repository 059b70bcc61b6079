package dev.squall.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A file part of a streamed {@code multipart/form-data} body ({@link MultipartStream}), as the handler sees it
 * once the body is in: written to a temporary file that is deleted when the request finishes unless it was
 * {@linkplain #moveTo moved}, or to the handler's own sink ({@link #path()} is then null).
 *
 * @param field the form field's name
 * @param filename the file name the client sent, as sent (never trust it as a path)
 * @param contentType the part's {@code Content-Type}, {@code application/octet-stream} when absent
 * @param size the file's size in bytes
 * @param path the temporary file, or null when the part went to the handler's sink
 */
public record StoredFile(
        String field,
        String filename,
        String contentType,
        long size,
        @Nullable Path path) {
    /**
     * Moves the temporary file to {@code target} (atomically where the file system can), so it outlives the
     * request. Blocking file work (a rename within one file system is quick; across file systems it copies): call
     * it from a coroutine's {@code offLoop} or {@code Async.blocking} when the target may be elsewhere.
     *
     * @param target where the file goes; an existing file is not replaced
     * @throws IOException if the move fails (for example {@link java.nio.file.FileAlreadyExistsException})
     * @throws IllegalStateException if the part went to the handler's sink
     */
    public void moveTo(Path target) throws IOException {
        Path p = path;
        if (p == null) {
            throw new IllegalStateException("file part \"" + field + "\" went to the handler's sink, not a file");
        }
        Files.move(p, target); // a rename within one file system; never replaces target
    }
}
