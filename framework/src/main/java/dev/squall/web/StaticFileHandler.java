package dev.squall.web;

import dev.squall.async.Async;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Serves the files of a {@link StaticFiles} directory, as Tornado's {@code StaticFileHandler}: GET and HEAD,
 * {@code Content-Type} from the extension, a strong {@code ETag} from the content hash, {@code Last-Modified},
 * {@code If-None-Match} (which takes precedence) and {@code If-Modified-Since} answered 304, one {@code Range}
 * answered 206 ({@code Accept-Ranges: bytes}; 416 with {@code bytes *}{@code /size} past the end; a range
 * covering the whole file is a 200), precompressed {@code .br}/{@code .gz} siblings for clients that accept
 * them, and a year of caching for versioned URLs ({@code ?v=}, see {@link StaticFiles#url}) while other requests
 * revalidate ({@code Cache-Control: no-cache}).
 *
 * <p>The route's first group is the file's path: {@code Application.Builder.staticPath} routes
 * {@code /static/(.*)}, {@code /(favicon.ico)} and {@code /(robots.txt)} here; route another directory with
 * {@code route("/files/(?<path>.*)", () -> new StaticFileHandler(files))}.
 *
 * <p>A file's bytes never enter the heap on a plain socket ({@code FileChannel.transferTo}); through TLS they
 * stream in 64 KiB pieces as the client reads them. Looking a file up and hashing it when it is new or changed
 * happens on a virtual thread; a file seen in the last {@link StaticFiles.Builder#cacheTimeout} is served
 * without leaving the loop.
 */
public class StaticFileHandler extends AsyncRequestHandler {
    /** {@code Cache-Control} for a versioned URL: a year, and never revalidated. */
    public static final String CACHE_FOREVER = "max-age=31536000, immutable";

    private static final long YEAR_MILLIS = 31_536_000_000L;

    private static final CompletionStage<Object> SENT = CompletableFuture.completedFuture(null);

    private final @Nullable StaticFiles files;

    /** Serves the application's {@code staticPath}. */
    public StaticFileHandler() {
        this.files = null;
    }

    /**
     * Serves another directory.
     *
     * @param files the directory and its settings
     */
    public StaticFileHandler(StaticFiles files) {
        this.files = files;
    }

    /** Returns the directory this handler serves. */
    protected final StaticFiles files() {
        StaticFiles f = files != null ? files : application().staticFiles();
        if (f == null) {
            throw new IllegalStateException("StaticFileHandler has no directory: set Application.Builder.staticPath"
                    + "(...) or construct it with new StaticFileHandler(staticFiles)");
        }
        return f;
    }

    @Override
    public CompletionStage<?> get() throws Exception {
        return serve(true);
    }

    @Override
    public CompletionStage<?> head() throws Exception {
        return serve(false);
    }

    private CompletionStage<?> serve(boolean includeBody) {
        StaticFiles dir = files();
        String path = pathArg(0);
        StaticFiles.Entry cached = dir.fresh(path);
        if (cached != null) {
            return respond(cached, includeBody);
        }
        boolean slash = request().path().endsWith("/");
        return Async.blocking(request().loop(), () -> dir.resolve(path, slash))
                .<Object>thenCompose(lookup -> switch (lookup) {
                    case StaticFiles.Lookup.Found found -> respond(found.entry(), includeBody);
                    case StaticFiles.Lookup.Directory d -> redirectToDirectory();
                    case StaticFiles.Lookup.Refused refused -> {
                        throw new HttpError(refused.status(), null, refused.reason());
                    }
                    case StaticFiles.Lookup.Missing m -> throw new HttpError(404);
                });
    }

    private CompletionStage<Object> redirectToDirectory() {
        String p = request().path();
        if (p.startsWith("//")) {
            // "//host/dir" + "/" would be an open redirect (a scheme-relative URL): refuse, as Tornado.
            throw new HttpError(403, null, "a directory path starting with // is not redirected: " + p);
        }
        String q = request().query();
        redirect(p + "/" + (q.isEmpty() ? "" : "?" + q), true);
        return SENT;
    }

    private CompletionStage<Object> respond(StaticFiles.Entry entry, boolean includeBody) {
        // Pick the representation: a precompressed sibling if the client accepts it.
        String accept = request().headers().get("Accept-Encoding");
        StaticFiles.Sibling sibling = null;
        String encoding = null;
        if (accept != null) {
            if (entry.brotli() != null && accepts(accept, "br")) {
                sibling = entry.brotli();
                encoding = "br";
            } else if (entry.gzip() != null && accepts(accept, "gzip")) {
                sibling = entry.gzip();
                encoding = "gzip";
            }
        }
        String etag = sibling != null ? sibling.etag() : entry.etag();
        long size = sibling != null ? sibling.size() : entry.size();

        setHeader("Content-Type", entry.contentType());
        setHeader("Etag", etag);
        setHeader("Last-Modified", entry.lastModified());
        setHeader("Accept-Ranges", "bytes");
        if (entry.brotli() != null || entry.gzip() != null) {
            setHeader("Vary", "Accept-Encoding");
        }
        if (encoding != null) {
            setHeader("Content-Encoding", encoding);
        }
        if (getQueryArgumentOrNull("v") != null) {
            setHeader("Cache-Control", CACHE_FOREVER);
            setHeader(
                    "Expires",
                    StaticFiles.HTTP_DATE.format(
                            Instant.ofEpochMilli(request().loop().clock().currentTimeMillis() + YEAR_MILLIS)));
        } else {
            setHeader("Cache-Control", "no-cache");
        }

        if (notModified(etag, entry.lastModifiedMillis())) {
            setStatus(304);
            return SENT;
        }

        long start = 0;
        long length = size;
        String range = request().headers().get("Range");
        if (range != null && ifRangeHolds(etag, entry.lastModified())) {
            ByteRange r = ByteRange.parse(range, size);
            if (r == ByteRange.UNSATISFIABLE) {
                setStatus(416);
                setHeader("Content-Range", "bytes */" + size);
                clearHeader("Content-Type");
                return SENT;
            }
            if (r != null && r.length() < size) {
                setStatus(206);
                setHeader("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + size);
                start = r.start();
                length = r.length();
            }
        }
        setHeader("Content-Length", Long.toString(length));
        if (!includeBody || length == 0) {
            return SENT;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(sibling != null ? sibling.path() : entry.realPath(), StandardOpenOption.READ);
        } catch (IOException e) {
            return CompletableFuture.<Object>failedFuture(
                    new HttpError(404, null, "cannot open " + entry.realPath() + ": " + e));
        }
        return writeFile(channel, start, length)
                .<Object>thenApply(ignored -> ignored)
                .whenComplete((ignored, error) -> closeQuietly(channel));
    }

    private boolean notModified(String etag, long lastModifiedMillis) {
        String inm = request().headers().get("If-None-Match");
        if (inm != null) {
            return Etags.matches(etag, inm);
        }
        String ims = request().headers().get("If-Modified-Since");
        if (ims != null) {
            long since = parseHttpDate(ims);
            return since >= 0 && lastModifiedMillis / 1000 <= since / 1000;
        }
        return false;
    }

    /** RFC 9110 section 13.1.5: a Range applies only if If-Range names the current representation. */
    private boolean ifRangeHolds(String etag, String lastModified) {
        String ifRange = request().headers().get("If-Range");
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.strip();
        return v.startsWith("\"") ? v.equals(etag) : v.equals(lastModified);
    }

    private static boolean accepts(String acceptEncoding, String coding) {
        int from = 0;
        int n = acceptEncoding.length();
        while (from < n) {
            int comma = acceptEncoding.indexOf(',', from);
            int end = comma < 0 ? n : comma;
            String item = acceptEncoding.substring(from, end).strip();
            int semi = item.indexOf(';');
            String name = (semi < 0 ? item : item.substring(0, semi)).strip();
            if (name.equalsIgnoreCase(coding)) {
                return semi < 0 || !isZeroQ(item.substring(semi + 1));
            }
            from = end + 1;
        }
        return false;
    }

    private static boolean isZeroQ(String params) {
        String p = params.strip().toLowerCase(Locale.ROOT);
        if (!p.startsWith("q=")) {
            return false;
        }
        String q = p.substring(2).strip();
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c != '0' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static long parseHttpDate(String value) {
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1; // an unreadable date is ignored, as RFC 9110 section 13.1.3 says
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
