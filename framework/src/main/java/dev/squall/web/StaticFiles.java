package dev.squall.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A directory of static files served by {@link StaticFileHandler}, and the versioned URLs that let browsers cache
 * them for a year: Tornado's {@code static_path}, {@code static_url_prefix} and {@code static_url}.
 *
 * <pre>{@code
 * Application app = Application.builder()
 *         .staticPath(Path.of("static"))             // /static/..., /favicon.ico and /robots.txt
 *         .route("/", HomeHandler::new)
 *         .build();
 * // in a handler: staticUrl("css/site.css") -> "/static/css/site.css?v=3f2a9c0d51e7b684"
 *
 * StaticFiles uploads = StaticFiles.builder(Path.of("uploads")).urlPrefix("/files/").build();
 * builder.route("/files/(?<path>.*)", () -> new StaticFileHandler(uploads));   // any other directory
 * }</pre>
 *
 * <p><b>What is cached.</b> For each file served or linked, the file's real path, size, modification time,
 * content type and content hash (SHA-256, the strong {@code ETag} and the {@code v=} version), and the same for
 * its precompressed siblings ({@code .br}, {@code .gz}). Hashing reads the file once, on a virtual thread when
 * serving. An entry is trusted for {@link Builder#cacheTimeout} (default 2 s) and then checked again with one
 * {@code stat}; in debug mode ({@link Builder#debug}) it is checked on every use, so an edited file is served and
 * linked with its new hash at once. {@link #url} computes a missing hash on the calling thread (the loop, for a
 * handler): static assets are small and it happens once per file, as in Tornado.
 *
 * <p><b>Safety.</b> A path is refused (403) if it is absolute, contains a {@code ..} segment, a backslash or a
 * drive letter, or resolves outside the root, also through a symbolic link unless
 * {@link Builder#followSymlinks} allows it; a NUL or other control character is a 400. Paths reach this class
 * already percent-decoded by the router, so {@code %2e%2e} is caught as {@code ..}.
 *
 * <p>Immutable configuration; the caches are thread-safe, so one instance serves every loop.
 */
public final class StaticFiles {
    /** Tornado's {@code static_url_prefix}. */
    public static final String DEFAULT_URL_PREFIX = "/static/";
    /** How long a checked entry is trusted before its file is looked at again (outside debug mode). */
    public static final Duration DEFAULT_CACHE_TIMEOUT = Duration.ofSeconds(2);
    /** How many files' entries are kept; past it the cache starts over. */
    static final int MAX_ENTRIES = 10_000;
    /** How many hex digits of the content hash go into {@code ?v=}. */
    static final int VERSION_LENGTH = 16;

    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Path root;
    private final String urlPrefix;
    private final @Nullable String defaultFilename;
    private final boolean followSymlinks;
    private final boolean debug;
    private final long cacheTimeoutNanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile @Nullable Path realRoot;

    private StaticFiles(Builder b) {
        this.root = b.root.toAbsolutePath().normalize();
        this.urlPrefix = b.urlPrefix;
        this.defaultFilename = b.defaultFilename;
        this.followSymlinks = b.followSymlinks;
        this.debug = b.debug;
        this.cacheTimeoutNanos = b.cacheTimeout.toNanos();
    }

    /**
     * Starts the configuration of a static directory.
     *
     * @param root the directory; it need not exist yet (requests answer 404 until it does)
     * @return a builder
     */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** Returns the root directory, absolute and normalized. */
    public Path root() {
        return root;
    }

    /** Returns the URL prefix the files are served under, starting and ending with {@code /}. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** Returns the file served for a directory (e.g. {@code index.html}), or null when directories are 403. */
    public @Nullable String defaultFilename() {
        return defaultFilename;
    }

    /** Returns whether entries are checked against the disk on every use (debug mode). */
    public boolean debug() {
        return debug;
    }

    /**
     * Returns the versioned URL of a file: the prefix, the path and {@code ?v=} with the start of its content
     * hash, so it can be cached for a year and changes when the file does. A file that does not exist gets
     * the URL without {@code v} (and a 404 when fetched), as Tornado. Thread-safe; on a cache miss it reads the
     * file on the calling thread.
     *
     * @param path the file's path relative to the root, with {@code /} separators, e.g. {@code css/site.css}
     * @return e.g. {@code /static/css/site.css?v=3f2a9c0d51e7b684}
     */
    public String url(String path) {
        return url(path, true);
    }

    /**
     * Returns the URL of a file, versioned or not.
     *
     * @param path the file's path relative to the root
     * @param includeVersion whether to add {@code ?v=<hash>}
     * @return the URL
     */
    public String url(String path, boolean includeVersion) {
        String clean = path.startsWith("/") ? path.substring(1) : path;
        String base = urlPrefix + clean;
        if (!includeVersion) {
            return base;
        }
        String version = version(clean);
        return version == null ? base : base + "?v=" + version;
    }

    /**
     * Returns the version of a file (the start of its content hash), or null when it is not a readable regular
     * file under the root. Thread-safe; may read the file on the calling thread.
     *
     * @param path the file's path relative to the root
     * @return the version, or null
     */
    public @Nullable String version(String path) {
        try {
            Lookup lookup = lookup(path);
            return lookup instanceof Lookup.Found found ? found.entry().version() : null;
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Lookups (package-private: the handler's side)

    /** What a request path names. */
    sealed interface Lookup {
        /** A regular file (or a directory's default file). */
        record Found(Entry entry) implements Lookup {}

        /** A directory requested without its trailing slash, which has a default file. */
        record Directory() implements Lookup {}

        /** Refused: the status (400 or 403) and why, for the log. */
        record Refused(int status, String reason) implements Lookup {}

        /** Nothing there. */
        record Missing() implements Lookup {}
    }

    /**
     * Returns the cached entry for a path if it is fresh enough to use without touching the disk, else null.
     * Cheap; for the loop thread.
     */
    @Nullable
    Entry fresh(String path) {
        if (debug) {
            return null;
        }
        Entry e = entries.get(path);
        return e != null && System.nanoTime() - e.checkedAtNanos() < cacheTimeoutNanos ? e : null;
    }

    /**
     * Resolves a request path: validates it, stats the file and hashes it if it changed. Blocking file I/O:
     * call it off the loop (the handler does, through {@code Async.blocking}) or for small files only.
     *
     * @param path the path relative to the root, percent-decoded
     * @param wantsDirectorySlash whether the request path ends with {@code /} (a directory is then served its
     *     default file)
     * @return what the path names
     * @throws IOException if the file cannot be read
     */
    Lookup resolve(String path, boolean wantsDirectorySlash) throws IOException {
        String why = unsafe(path);
        if (why != null) {
            return new Lookup.Refused(path.indexOf('\0') >= 0 || hasControl(path) ? 400 : 403, why);
        }
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            return new Lookup.Refused(403, path + " is not under the static root");
        }
        if (Files.isDirectory(file)) {
            if (defaultFilename == null) {
                return new Lookup.Refused(403, path + " is a directory and no defaultFilename is set");
            }
            if (!wantsDirectorySlash && !path.isEmpty()) {
                return new Lookup.Directory();
            }
            file = file.resolve(defaultFilename);
            path = path.isEmpty() || path.endsWith("/") ? path + defaultFilename : path + "/" + defaultFilename;
        }
        return lookupFile(path, file);
    }

    /** As {@link #resolve} for a path that must name a file (used by {@link #url}). */
    Lookup lookup(String path) throws IOException {
        Entry e = fresh(path);
        if (e != null) {
            return new Lookup.Found(e);
        }
        String why = unsafe(path);
        if (why != null) {
            return new Lookup.Refused(403, why);
        }
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            return new Lookup.Refused(403, path + " is not under the static root");
        }
        return lookupFile(path, file);
    }

    private Lookup lookupFile(String key, Path file) throws IOException {
        BasicFileAttributes attrs;
        Path real;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            entries.remove(key);
            return new Lookup.Missing();
        }
        if (!followSymlinks && !real.startsWith(realRoot())) {
            return new Lookup.Refused(403, key + " leads outside the static root through a symbolic link");
        }
        if (!attrs.isRegularFile()) {
            return new Lookup.Refused(403, key + " is not a regular file");
        }
        long now = System.nanoTime();
        Entry old = entries.get(key);
        long size = attrs.size();
        long mtime = attrs.lastModifiedTime().toMillis();
        Entry entry;
        if (old != null && old.realPath().equals(real) && old.size() == size && old.lastModifiedMillis() == mtime) {
            entry = old.checkedAt(now, sibling(file, ".br", old.brotli()), sibling(file, ".gz", old.gzip()));
        } else {
            String hash = sha256(real);
            entry = new Entry(
                    real,
                    size,
                    mtime,
                    HTTP_DATE.format(Instant.ofEpochMilli(mtime)),
                    "\"" + hash + "\"",
                    hash.substring(0, VERSION_LENGTH),
                    MimeTypes.forFileName(real.getFileName().toString()),
                    sibling(file, ".br", null),
                    sibling(file, ".gz", null),
                    now);
        }
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(key)) {
            entries.clear();
        }
        entries.put(key, entry);
        return new Lookup.Found(entry);
    }

    /** Looks at a precompressed sibling, reusing what is known of it when it did not change. */
    private @Nullable Sibling sibling(Path file, String suffix, @Nullable Sibling known) throws IOException {
        Path p = file.resolveSibling(file.getFileName() + suffix);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!attrs.isRegularFile()) {
            return null;
        }
        long mtime = attrs.lastModifiedTime().toMillis();
        if (known != null && known.size() == attrs.size() && known.lastModifiedMillis() == mtime) {
            return known;
        }
        return new Sibling(p, attrs.size(), mtime, "\"" + sha256(p) + "\"");
    }

    private Path realRoot() throws IOException {
        Path r = realRoot;
        if (r == null) {
            r = root.toRealPath();
            realRoot = r;
        }
        return r;
    }

    /** Returns why a request path is refused before touching the disk, or null when it may be looked up. */
    static @Nullable String unsafe(String path) {
        if (path.startsWith("/")) {
            return "absolute path " + path;
        }
        if (path.indexOf('\\') >= 0) {
            return "backslash in " + path;
        }
        if (hasControl(path)) {
            return "control character in the path";
        }
        int colon = path.indexOf(':');
        int slash = path.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            return "drive letter or scheme in " + path;
        }
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end - start == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
                return "'..' in " + path;
            }
            start = end + 1;
        }
        return null;
    }

    private static boolean hasControl(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * What is known of one file.
     *
     * @param realPath the file, symbolic links resolved
     * @param size its size in bytes
     * @param lastModifiedMillis its modification time
     * @param lastModified the same as an HTTP date
     * @param etag the strong {@code ETag}, quoted
     * @param version the start of the content hash, for {@code ?v=}
     * @param contentType its {@code Content-Type}
     * @param brotli its {@code .br} sibling, or null
     * @param gzip its {@code .gz} sibling, or null
     * @param checkedAtNanos when the disk was last looked at ({@link System#nanoTime()})
     */
    record Entry(
            Path realPath,
            long size,
            long lastModifiedMillis,
            String lastModified,
            String etag,
            String version,
            String contentType,
            @Nullable Sibling brotli,
            @Nullable Sibling gzip,
            long checkedAtNanos) {

        Entry checkedAt(long nanos, @Nullable Sibling br, @Nullable Sibling gz) {
            return new Entry(
                    realPath, size, lastModifiedMillis, lastModified, etag, version, contentType, br, gz, nanos);
        }
    }

    /**
     * A precompressed sibling of a file ({@code site.css.br}, {@code site.css.gz}).
     *
     * @param path the sibling
     * @param size its size
     * @param lastModifiedMillis its modification time
     * @param etag its own strong {@code ETag} (a different representation, so a different tag)
     */
    record Sibling(Path path, long size, long lastModifiedMillis, String etag) {}

    /** Configures a {@link StaticFiles}; not thread-safe. */
    public static final class Builder {
        private final Path root;
        private String urlPrefix = DEFAULT_URL_PREFIX;
        private @Nullable String defaultFilename;
        private boolean followSymlinks;
        private boolean debug;
        private Duration cacheTimeout = DEFAULT_CACHE_TIMEOUT;

        private Builder(Path root) {
            this.root = root;
        }

        /**
         * Sets the URL prefix (Tornado's {@code static_url_prefix}); default {@code /static/}.
         *
         * @param prefix starts and ends with {@code /}
         * @return this builder
         * @throws IllegalArgumentException otherwise
         */
        public Builder urlPrefix(String prefix) {
            if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
                throw new IllegalArgumentException(
                        "urlPrefix \"" + prefix + "\" must start and end with '/', e.g. " + "\"/static/\"");
            }
            this.urlPrefix = prefix;
            return this;
        }

        /**
         * Serves this file for a directory (e.g. {@code index.html}), redirecting {@code /dir} to {@code /dir/}
         * (301) first; without it a directory is 403.
         *
         * @param name a file name, or null
         * @return this builder
         */
        public Builder defaultFilename(@Nullable String name) {
            this.defaultFilename = name;
            return this;
        }

        /**
         * Allows symbolic links that lead outside the root (off by default: such a link is 403).
         *
         * @param follow whether to follow them
         * @return this builder
         */
        public Builder followSymlinks(boolean follow) {
            this.followSymlinks = follow;
            return this;
        }

        /**
         * Debug mode: every request and every {@link StaticFiles#url} looks at the disk, so an edited file gets
         * its new hash at once. {@code Application.Builder.staticPath} sets it from the application's debug mode.
         *
         * @param debug whether to check files on every use
         * @return this builder
         */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * How long a checked file is trusted before it is looked at again; default 2 s.
         *
         * @param timeout zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder cacheTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("cacheTimeout must be >= 0, got " + timeout);
            }
            this.cacheTimeout = timeout;
            return this;
        }

        /** Returns the configured {@link StaticFiles}. */
        public StaticFiles build() {
            return new StaticFiles(this);
        }
    }
}
