package dev.squall.samples.upload;

import dev.squall.async.Async;
import dev.squall.web.HttpError;
import dev.squall.web.HttpMethod;
import dev.squall.web.StaticFileHandler;
import dev.squall.web.StaticFiles;
import dev.squall.web.StreamRequestBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code /files/NAME}: {@code GET}/{@code HEAD} serve a stored file through {@link StaticFileHandler} (ranges,
 * ETag, 304); {@code PUT} streams the body into the directory — into a hidden temporary file first, renamed to
 * NAME once complete, so a half-sent upload never shows — and answers {@code 201} with its size and SHA-256 as
 * JSON. An existing file is answered {@code 409} before the body is read, unless the query says
 * {@code ?overwrite=1}.
 */
@StreamRequestBody
final class FileHandler extends StaticFileHandler {
    private final Path dir;
    private final long maxUploadBytes;
    private @Nullable Path temp;
    private @Nullable FileChannel channel;
    private @Nullable MessageDigest sha;
    private long size;

    FileHandler(StaticFiles files, Path dir, long maxUploadBytes) {
        super(files);
        this.dir = dir;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** PUT from curl or a script is not cross-site-forgeable (a browser sends a cross-site PUT only after CORS). */
    @Override
    protected void checkXsrfCookie() {}

    @Override
    public CompletionStage<?> prepare() {
        String name = FileNames.check(pathArg(0));
        if (method() != HttpMethod.PUT) {
            return done();
        }
        setMaxBodyBytes(maxUploadBytes);
        boolean overwrite = "1".equals(getArgument("overwrite", ""));
        Path target = dir.resolve(name);
        return Async.blocking(request().loop(), () -> {
            if (!overwrite && Files.exists(target)) {
                throw new HttpError(409, null, name + " exists; PUT /files/" + name + "?overwrite=1 replaces it");
            }
            Path t = Files.createTempFile(UploadApp.incoming(dir), ".put-", ".part");
            temp = t;
            channel = FileChannel.open(t, StandardOpenOption.WRITE);
            sha = sha256();
            return null;
        });
    }

    @Override
    public CompletionStage<?> dataReceived(ByteBuffer chunk) {
        FileChannel c = channel;
        MessageDigest digest = sha;
        if (c == null || digest == null) {
            throw new IllegalStateException("no upload in progress");
        }
        size += chunk.remaining();
        // Disk and hashing off the loop; the next chunk is read once this one is written.
        return Async.blocking(request().loop(), () -> {
            digest.update(chunk.duplicate());
            while (chunk.hasRemaining()) {
                c.write(chunk);
            }
            return null;
        });
    }

    @Override
    public CompletionStage<?> put() {
        String name = pathArg(0);
        boolean overwrite = "1".equals(getArgument("overwrite", ""));
        FileChannel c = channel;
        Path t = temp;
        MessageDigest digest = sha;
        if (c == null || t == null || digest == null) {
            throw new IllegalStateException("no upload in progress");
        }
        return Async.blocking(request().loop(), () -> {
                    c.close();
                    Path target = dir.resolve(name);
                    try {
                        if (overwrite) {
                            Files.move(t, target, StandardCopyOption.REPLACE_EXISTING);
                        } else {
                            Files.move(t, target);
                        }
                    } catch (FileAlreadyExistsException e) {
                        throw new HttpError(409, null, name + " was created meanwhile; add ?overwrite=1 to replace it");
                    }
                    return null;
                })
                .thenRun(() -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("name", name);
                    answer.put("size", size);
                    answer.put("sha256", HexFormat.of().formatHex(digest.digest()));
                    setStatus(201);
                    write(answer);
                });
    }

    /** Removes what a failed or refused upload left behind. */
    @Override
    public void onFinish() {
        FileChannel c = channel;
        Path t = temp;
        if (t != null) {
            Thread.startVirtualThread(() -> {
                try {
                    if (c != null) {
                        c.close();
                    }
                    Files.deleteIfExists(t);
                } catch (IOException e) {
                    System.getLogger(FileHandler.class.getName())
                            .log(System.Logger.Level.WARNING, "could not remove " + t, e);
                }
            });
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
