package dev.squall.web;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.squall.http.HttpHandler;
import dev.squall.http.HttpServer;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import dev.squall.http.RequestBodyReceiver;
import dev.squall.locale.Locales;
import dev.squall.loop.BlockingWatchdog;
import dev.squall.loop.IOLoop;
import dev.squall.template.TemplateEngine;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A web application: routes and settings, as Tornado's {@code Application}. It is the {@link HttpHandler} of
 * an HTTP server: for each request it finds the first matching route, makes a fresh handler with the
 * route's factory, and runs the handler's lifecycle.
 *
 * <pre>{@code
 * Application app = Application.builder()
 *         .route("/", MainHandler::new)
 *         .route("/story/(?<id>[0-9]+)", () -> new StoryHandler(db), "story")
 *         .debug(true)
 *         .build();
 * app.listen(8888);
 * }</pre>
 *
 * <p>It is an {@link HttpHandler}, so a server configured by hand serves it too:
 * {@code HttpServer.builder().handler(app).xheaders(true).build().listen(8888, "")}.
 *
 * <h2>Routing</h2>
 * A route's pattern is a regular expression that must match the whole request path (still percent-encoded);
 * its groups — all named or all positional — become the handler's path arguments, percent-decoded as UTF-8
 * ({@code +} stays {@code +}). Routes of {@link Builder#addHandlers host rule sets} are tried first, for
 * requests whose host matches; then the application's own routes in order; then the
 * {@link Builder#defaultHandler default handler} (404). A pattern without regex metacharacters is compared
 * as a string, with no regex at all.
 *
 * <p>Immutable and thread-safe; {@link #handle} runs on the loop of each connection.
 */
public final class Application implements HttpHandler {
    private static final Moshi DEFAULT_MOSHI = new Moshi.Builder().build();

    private final Routes routes;
    private final boolean debug;
    private final boolean serveTraceback;
    private final boolean compressResponse;
    private final @Nullable Duration blockingLogThreshold;
    private final AccessLog accessLog;
    private final JsonAdapters json;
    // Templates, UI modules and locale (issue 15)
    private final @Nullable TemplateEngine templates;
    private final Map<String, Supplier<? extends UIModule>> uiModules;
    private final Locales locales;
    private final Attributes attributes;

    private final @Nullable SignedValues signedValues;
    private final @Nullable String loginUrl;
    private final boolean xsrfCookies;
    private final CookieOptions xsrfCookieOptions;
    private final @Nullable StaticFiles staticFiles;

    private Application(Builder b) {
        StaticFiles statics = b.staticFiles;
        if (statics == null && b.staticPath != null) {
            statics = StaticFiles.builder(b.staticPath).debug(b.debug).build();
        }
        this.staticFiles = statics;
        this.routes = new Routes(b.routes, b.hosts, b.defaultHandler, statics);
        this.debug = b.debug;
        this.serveTraceback = b.serveTraceback != null ? b.serveTraceback : b.debug;
        this.compressResponse = b.compressResponse;
        this.blockingLogThreshold = b.blockingLogThreshold != null
                ? b.blockingLogThreshold
                : b.debug ? BlockingWatchdog.DEFAULT_THRESHOLD : null;
        this.accessLog = new AccessLog(b.logFunction);
        this.json = new JsonAdapters(b.moshi);
        this.attributes = new Attributes(b.attributes);
        this.signedValues = b.signedValues;
        this.loginUrl = b.loginUrl;
        this.xsrfCookies = b.xsrfCookies;
        this.xsrfCookieOptions = b.xsrfCookieOptions;
        this.templates = b.templates != null ? b.templates.forApplication(debug) : null;
        this.uiModules = Map.copyOf(b.uiModules);
        this.locales = b.locales;
    }

    /**
     * Returns the application's static files ({@link Builder#staticPath}), or null when it serves none.
     *
     * @return the static directory and its caches, or null
     */
    public @Nullable StaticFiles staticFiles() {
        return staticFiles;
    }

    /**
     * Returns the versioned URL of a static file (see {@link StaticFiles#url}). Thread-safe.
     *
     * @param path the file's path under {@code staticPath}
     * @return e.g. {@code /static/css/site.css?v=3f2a9c0d51e7b684}
     * @throws IllegalStateException if no {@code staticPath} is set
     */
    public String staticUrl(String path) {
        StaticFiles f = staticFiles;
        if (f == null) {
            throw new IllegalStateException("staticUrl(\"" + path + "\") needs a static directory: set "
                    + "Application.Builder.staticPath(Path.of(\"static\")) (or staticFiles(...))");
        }
        return f.url(path);
    }

    /**
     * Returns a builder for an application.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Routes one request to a new handler and runs it. Called by the HTTP server on the connection's loop;
     * tests may call it with a hand-made request and response.
     *
     * @param request the request
     * @param response where the answer goes
     */
    @Override
    public void handle(HttpServerRequest request, HttpServerResponse response) {
        if (request.attachment() instanceof BaseRequestHandler routed && routed.request() == request) {
            request.attach(null); // routed at the head (headReceived), its body buffered since
            routed.execute();
            return;
        }
        BaseRequestHandler handler = route(request, response);
        if (handler == null) {
            return;
        }
        if (handler.traits().streams) {
            handler.streamBody().feedBuffered(request.body()); // no body to stream, or a hand-made request
        }
        handler.execute();
    }

    /**
     * Routes a request with a body once its head is read: a {@link StreamRequestBody} handler starts now
     * ({@code prepare()} runs before the body is read) and receives the body as it arrives; any other handler is
     * kept on the request for {@link #handle} and gets the body buffered. Called by the HTTP server on the loop.
     *
     * @param request the request, its body not read yet
     * @param response where the answer goes
     * @return null to have the body buffered, or the stage the server waits for before reading the body
     */
    @Override
    public @Nullable CompletionStage<? extends RequestBodyReceiver> headReceived(
            HttpServerRequest request, HttpServerResponse response) {
        BaseRequestHandler handler = route(request, response);
        if (handler == null) {
            return new CompletableFuture<>(); // answered with a 500: the connection closes after it
        }
        if (!handler.traits().streams) {
            request.attach(handler);
            return null;
        }
        StreamedBody body = handler.streamBody();
        handler.execute();
        return body.accepted();
    }

    /** Makes the handler of {@code request}'s route, attached; or answers 500 and returns null. */
    private @Nullable BaseRequestHandler route(HttpServerRequest request, HttpServerResponse response) {
        if (blockingLogThreshold != null) {
            watch(request.loop()); // for servers built by hand; listen() watched its loops already
        }
        return routes.newHandler(this, request, response);
    }

    /**
     * Starts an {@link HttpServer} for this application on every interface, with one loop per core and the
     * server's default limits, as Tornado's {@code app.listen(port)}.
     *
     * <pre>{@code
     * HttpServer server = app.listen(8888);
     * ...
     * server.close();   // stops it and its loops
     * }</pre>
     *
     * @param port the port, or 0 for a free one ({@link HttpServer#port()} tells which)
     * @return the running server: {@code port()}, {@code stop()} (stop accepting, let requests finish),
     *     {@code close()} (close everything, loops included)
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public HttpServer listen(int port) {
        return listen(port, "");
    }

    /**
     * Starts an {@link HttpServer} for this application on one address.
     *
     * @param port the port, or 0 for a free one
     * @param address the address to bind, e.g. {@code "127.0.0.1"}; empty for every interface
     * @return the running server
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public HttpServer listen(int port, String address) {
        return listen(port, address, server -> {});
    }

    /**
     * Starts an {@link HttpServer} for this application, configured by {@code configure} first — Tornado's
     * {@code app.listen(port, address, **kwargs)}.
     *
     * <pre>{@code
     * app.listen(8888, "", server -> server.xheaders(true).maxBodyBytes(10 << 20).loops(myLoops));
     * }</pre>
     *
     * @param port the port, or 0 for a free one
     * @param address the address to bind; empty for every interface
     * @param configure sets server options on the builder (its handler is this application, whatever
     *     {@code configure} does)
     * @return the running server
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public HttpServer listen(int port, String address, Consumer<HttpServer.Builder> configure) {
        HttpServer.Builder builder = HttpServer.builder();
        configure.accept(builder);
        HttpServer server = builder.handler(this).build();
        if (blockingLogThreshold != null) {
            for (IOLoop loop : server.loops().loops()) {
                watch(loop);
            }
        }
        try {
            return server.listen(port, address);
        } catch (RuntimeException e) {
            server.close(); // do not leave its loops running
            throw e;
        }
    }

    /** Watches {@code loop} with the blocking-log threshold, unless it is watched already (maybe with another). */
    private void watch(IOLoop loop) {
        Duration threshold = blockingLogThreshold;
        if (threshold != null && BlockingWatchdog.threshold(loop) == null) {
            BlockingWatchdog.watch(loop, threshold);
        }
    }

    /**
     * Returns the URL path of a named route with {@code args} in its groups, as Tornado's {@code reverse_url}.
     * Each argument is turned into a string and percent-encoded for a path (spaces as {@code %20}, {@code /}
     * kept); routes inside a {@link Router.Builder#mount mount} get the mount prefix.
     *
     * <pre>{@code
     * app.reverseUrl("story", 42);          // "/story/42"
     * app.reverseUrl("search", "a b&c");    // "/search/a%20b%26c"
     * }</pre>
     *
     * @param name the route's name
     * @param args one value per group, in order
     * @return the path
     * @throws IllegalArgumentException if no route has that name, the pattern cannot be reversed (it uses
     *     regex features outside its groups), or the argument count differs from the group count
     */
    public String reverseUrl(String name, Object... args) {
        return routes.reverseUrl(name, args);
    }

    /**
     * Returns whether debug mode is on: stack traces on error pages, nothing compiled is cached, the loops
     * watched for blocking code ({@link #blockingLogThreshold()}).
     */
    public boolean debug() {
        return debug;
    }

    /** Returns whether error pages show the stack trace (set explicitly, or implied by {@link #debug()}). */
    public boolean serveTraceback() {
        return serveTraceback;
    }

    /**
     * Returns how long one task may hold a loop of this application before the {@link BlockingWatchdog} logs
     * a warning with the stack of the blocking code: the {@link Builder#blockingLogThreshold(Duration)} set,
     * else {@link BlockingWatchdog#DEFAULT_THRESHOLD} (100 ms) in {@link #debug()} mode, else null (off).
     *
     * @return the threshold, or null when the application does not watch its loops
     */
    public @Nullable Duration blockingLogThreshold() {
        return blockingLogThreshold;
    }

    /**
     * Returns the signer of signed cookies made from {@link Builder#cookieSecret(String)}, or null when no
     * secret is set. Usable outside handlers, e.g. to check a signed cookie in a WebSocket handshake.
     *
     * @return the signer, or null
     */
    public @Nullable SignedValues signedValues() {
        return signedValues;
    }

    /** Returns the URL {@link Authenticated} handlers redirect to, or null when not set. */
    public @Nullable String loginUrl() {
        return loginUrl;
    }

    /** Returns whether requests other than GET, HEAD and OPTIONS must carry the XSRF token. */
    public boolean xsrfCookies() {
        return xsrfCookies;
    }

    /** Returns the attributes of the {@code _xsrf} cookie (default: {@code Path=/} only). */
    public CookieOptions xsrfCookieOptions() {
        return xsrfCookieOptions;
    }

    /** Returns whether responses are gzip-compressed for clients that accept it. */
    public boolean compressResponse() {
        return compressResponse;
    }

    /**
     * Returns the template engine that handlers' {@code render} uses, or null when none is set.
     *
     * @return the engine (as {@link TemplateEngine#forApplication} configured it for this application's debug
     *     mode), or null
     */
    public @Nullable TemplateEngine templates() {
        return templates;
    }

    /** Returns the application's locales and translations ({@link Locales#english()} unless set). */
    public Locales locales() {
        return locales;
    }

    /** Returns the factory of a UI module, or throws an error that lists the registered ones. */
    Supplier<? extends UIModule> uiModule(String name) {
        Supplier<? extends UIModule> factory = uiModules.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("no UI module is named \"" + name + "\"; register it with "
                    + "Application.builder().uiModule(\"" + name + "\", ...); registered: " + uiModules.keySet());
        }
        return factory;
    }

    /** Returns the Moshi instance used for JSON bodies and JSON output. */
    public Moshi moshi() {
        return json.moshi();
    }

    /**
     * Returns the value attached to this application under {@code key}: the one set with
     * {@link Builder#attribute(AttributeKey, Object)}, else the key's default (created on the first call, once
     * per application). Safe from any thread.
     *
     * @param key the key
     * @param <T> the type of the value
     * @return the value
     * @throws IllegalStateException if the builder set no value and the key has no default
     */
    public <T> T attribute(AttributeKey<T> key) {
        return attributes.get(key);
    }

    /**
     * Returns the value attached to this application under {@code key} as {@link #attribute(AttributeKey)}
     * does, or null if the builder set none and the key has no default. Safe from any thread.
     *
     * @param key the key
     * @param <T> the type of the value
     * @return the value, or null
     */
    public <T> @Nullable T attributeOrNull(AttributeKey<T> key) {
        return attributes.getOrNull(key);
    }

    /** Returns Moshi's adapter for any value (see {@link JsonAdapters}). */
    JsonAdapter<Object> objectAdapter() {
        return json.objectAdapter();
    }

    /** Returns the cached adapter for values of class {@code type}; see {@link JsonAdapters#valueAdapter}. */
    JsonAdapter<Object> valueAdapter(Class<?> type) {
        return json.valueAdapter(type);
    }

    /** Returns the cached adapter for {@code type}; see {@link JsonAdapters#jsonAdapter}. */
    <T> JsonAdapter<T> jsonAdapter(Type type) {
        return json.jsonAdapter(type);
    }

    /** See {@link JsonAdapters#explainFailure}. */
    static RuntimeException explainJsonFailure(Object typeOrValue, AssertionError e) {
        return JsonAdapters.explainFailure(typeOrValue, e);
    }

    /** Writes the access-log line for a finished request (see {@link AccessLog}). */
    void logRequest(BaseRequestHandler handler) {
        accessLog.log(handler);
    }

    // Why this file stays over ~600 lines: the public nested Builder below (~370 lines, 24 public setters, ~215
    // lines of them javadoc, OkHttp's shape) must stay Application.Builder, and the rest is the public surface
    // and its javadoc (~170 lines). The logic lives in Routes, JsonAdapters, AccessLog and Attributes.

    /**
     * Builds an {@link Application}: routes first, then settings. Not thread-safe.
     */
    public static final class Builder {
        private final Router.Builder routes = Router.builder();
        private final List<Routes.HostRule> hosts = new ArrayList<>();
        private final Map<AttributeKey<?>, Object> attributes = new HashMap<>();
        private Supplier<? extends BaseRequestHandler> defaultHandler = () -> new ErrorHandler(404);
        private boolean debug;
        private @Nullable Boolean serveTraceback;
        private boolean compressResponse;
        private @Nullable Duration blockingLogThreshold;
        private @Nullable Consumer<? super BaseRequestHandler> logFunction;
        private Moshi moshi = DEFAULT_MOSHI;
        private @Nullable TemplateEngine templates;
        private final Map<String, Supplier<? extends UIModule>> uiModules = new HashMap<>();
        private Locales locales = Locales.english();
        private @Nullable SignedValues signedValues;
        private @Nullable String loginUrl;
        private boolean xsrfCookies;
        private CookieOptions xsrfCookieOptions = CookieOptions.defaults();
        private @Nullable Path staticPath;
        private @Nullable StaticFiles staticFiles;

        private Builder() {}

        /**
         * Serves the files under {@code dir} as Tornado's {@code static_path}: {@code /static/...},
         * {@code /favicon.ico} and {@code /robots.txt} (routed before every other route) by a
         * {@link StaticFileHandler}, and {@code staticUrl(path)} gives their versioned URLs. The files are
         * checked on every request in debug mode. For another prefix or a default file for directories, use
         * {@link #staticFiles(StaticFiles)}.
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder staticPath(Path dir) {
            this.staticPath = dir;
            return this;
        }

        /**
         * As {@link #staticPath}, with every setting of {@link StaticFiles.Builder} (URL prefix, default file,
         * symbolic links, debug, cache time).
         *
         * @param files the static directory
         * @return this builder
         */
        public Builder staticFiles(StaticFiles files) {
            this.staticFiles = files;
            return this;
        }

        /**
         * Adds a route.
         *
         * @param pattern a regular expression that must match the whole path, e.g. {@code /story/([0-9]+)};
         *     its groups are all named ({@code (?<id>...)}) or all positional
         * @param factory makes a fresh handler for each request, e.g. {@code MainHandler::new} or
         *     {@code () -> new StoryHandler(db)} (typed per-route configuration)
         * @return this builder
         * @throws IllegalArgumentException if the pattern does not compile or mixes named and positional groups
         */
        public Builder route(String pattern, Supplier<? extends BaseRequestHandler> factory) {
            routes.route(pattern, factory);
            return this;
        }

        /**
         * Adds a named route, which {@link Application#reverseUrl} can build URLs for.
         *
         * @param pattern a regular expression that must match the whole path
         * @param factory makes a fresh handler for each request
         * @param name the route's name, unique within the application, or null
         * @return this builder
         * @throws IllegalArgumentException if the pattern does not compile or mixes named and positional groups
         */
        public Builder route(String pattern, Supplier<? extends BaseRequestHandler> factory, @Nullable String name) {
            routes.route(pattern, factory, name);
            return this;
        }

        /**
         * Mounts a router under a literal path prefix; see {@link Router.Builder#mount}.
         *
         * @param prefix a literal prefix such as {@code /api}
         * @param router the routes served under it
         * @return this builder
         * @throws IllegalArgumentException if the prefix does not start with {@code /}
         */
        public Builder mount(String prefix, Router router) {
            routes.mount(prefix, router);
            return this;
        }

        /**
         * Adds routes that serve only requests whose host (the {@code Host} header without port, lower case)
         * matches {@code hostPattern}, as Tornado's {@code add_handlers}. Host rule sets are tried in the order
         * added, before the application's own routes; a request whose host matches but whose path matches
         * none of the set's routes goes on to the next set and then to the application's routes.
         *
         * @param hostPattern a regular expression matching the whole host name, e.g. {@code www\.example\.com}
         *     or {@code .*\.example\.com}
         * @param router the routes for that host
         * @return this builder
         * @throws IllegalArgumentException if the pattern does not compile
         */
        public Builder addHandlers(String hostPattern, Router router) {
            hosts.add(new Routes.HostRule(PathPattern.compile(hostPattern), Objects.requireNonNull(router, "router")));
            return this;
        }

        /**
         * Sets the handler for requests no route matches; by default a 404 page ({@code new ErrorHandler(404)}).
         *
         * @param factory makes a handler per unmatched request
         * @return this builder
         */
        public Builder defaultHandler(Supplier<? extends BaseRequestHandler> factory) {
            this.defaultHandler = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Turns debug mode on or off (default off): error pages show stack traces (unless
         * {@link #serveTraceback(boolean)} says otherwise), compiled things (templates, static hashes) are
         * not cached, and the loops serving the application are watched for blocking code with
         * {@link BlockingWatchdog#DEFAULT_THRESHOLD} (unless {@link #blockingLogThreshold(Duration)} sets
         * another threshold). Never in production.
         *
         * @param debug whether debug mode is on
         * @return this builder
         */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * Watches the loops serving the application for blocking code, whether or not debug mode is on, as
         * Tornado's {@code set_blocking_log_threshold}: when one task — a handler, a coroutine between two
         * awaits, any callback — holds a loop longer than {@code threshold}, the {@link BlockingWatchdog} logs
         * a WARNING with the stack of the blocking code. The loops are those {@link Application#listen}
         * creates or is given; with a server built by hand, each loop is watched from the first request it
         * serves. A loop already watched keeps its own threshold. Off by default, 100 ms in debug mode.
         *
         * @param threshold how long one task may hold a loop, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code threshold} is not positive
         */
        public Builder blockingLogThreshold(Duration threshold) {
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("the blocking log threshold must be positive, got " + threshold);
            }
            this.blockingLogThreshold = threshold;
            return this;
        }

        /**
         * Sets whether 500 pages show the stack trace; by default they do exactly when {@link #debug} is on.
         *
         * @param serveTraceback whether to serve stack traces
         * @return this builder
         */
        public Builder serveTraceback(boolean serveTraceback) {
            this.serveTraceback = serveTraceback;
            return this;
        }

        /**
         * Turns gzip compression of responses on or off (default off), as Tornado's {@code compress_response}:
         * text, JavaScript, JSON, XML and SVG bodies are compressed at level 6 for clients that accept gzip,
         * except single-piece bodies under 1024 bytes; responses get {@code Vary: Accept-Encoding}.
         *
         * @param compressResponse whether to compress
         * @return this builder
         */
        public Builder compressResponse(boolean compressResponse) {
            this.compressResponse = compressResponse;
            return this;
        }

        /**
         * Replaces the access log: {@code logFunction} is called on the loop for every finished request with
         * its handler ({@code status()}, {@code request()}, {@code requestTime()}). The default logs to the
         * {@code dev.squall.access} {@link System.Logger}: INFO below 400, WARNING for 4xx, ERROR for 5xx. Pass
         * {@code handler -> {}} to log nothing.
         *
         * @param logFunction called once per finished request; exceptions are logged
         * @return this builder
         */
        public Builder logFunction(Consumer<? super BaseRequestHandler> logFunction) {
            this.logFunction = Objects.requireNonNull(logFunction, "logFunction");
            return this;
        }

        /**
         * Sets the Moshi used for JSON (default: a plain {@code new Moshi.Builder().build()}, which handles
         * maps, lists, records and plain classes). Add adapters for your types here; adapters are cached per type.
         *
         * @param moshi the Moshi instance
         * @return this builder
         */
        public Builder moshi(Moshi moshi) {
            this.moshi = Objects.requireNonNull(moshi, "moshi");
            return this;
        }

        /**
         * Sets the template engine that handlers' {@code render} and {@code renderString} use, e.g.
         * {@code JteTemplates.precompiled()} or {@code JteTemplates.fromDirectory(Path.of("templates"))}
         * (module {@code squall-templates}). In debug mode an engine that reads files reloads changed
         * templates.
         *
         * @param engine the engine
         * @return this builder
         */
        public Builder templates(TemplateEngine engine) {
            this.templates = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Attaches {@code value} to the application under {@code key}, for {@link Application#attribute}; a
         * second call with the same key replaces the value.
         *
         * @param key the key
         * @param value the value
         * @param <T> the type of the value
         * @return this builder
         */
        public <T> Builder attribute(AttributeKey<T> key, T value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Registers a UI module, which templates call by name ({@code page.module("Entry", entry)}), as
         * Tornado's {@code ui_modules} setting.
         *
         * @param name the module's name
         * @param factory makes the module, once per request that uses it
         * @return this builder
         * @throws IllegalArgumentException if a module already has that name
         */
        public Builder uiModule(String name, Supplier<? extends UIModule> factory) {
            Objects.requireNonNull(factory, "factory");
            if (uiModules.putIfAbsent(Objects.requireNonNull(name, "name"), factory) != null) {
                throw new IllegalArgumentException("two UI modules are named \"" + name + "\"");
            }
            return this;
        }

        /**
         * Sets the secret that signs cookies ({@code setSignedCookie}, {@code getSignedCookie}), as Tornado's
         * {@code cookie_secret}. Values are signed in Tornado 6's format, so a Tornado site's signed cookies stay
         * valid with the same secret.
         *
         * @param secret a long random string (e.g. 32 bytes from {@code SecureRandom}, base64-encoded); keep it
         *     out of the source code
         * @return this builder
         * @throws IllegalArgumentException if empty
         */
        public Builder cookieSecret(String secret) {
            this.signedValues = SignedValues.of(secret);
            return this;
        }

        /**
         * Sets several cookie secrets by key version for rotation, as Tornado's {@code cookie_secret} dict with
         * {@code key_version}: new cookies are signed with {@code currentKeyVersion}, cookies signed with any
         * version in the map still verify. To rotate, add a new version and make it current; once the old
         * cookies have expired (31 days), remove the old version.
         *
         * <pre>{@code
         * .cookieSecret(Map.of(1, oldSecret, 2, newSecret), 2)
         * }</pre>
         *
         * @param secrets secrets by key version (0 and up)
         * @param currentKeyVersion the version to sign with; must be in the map
         * @return this builder
         * @throws IllegalArgumentException if the map lacks {@code currentKeyVersion} or has an empty secret
         */
        public Builder cookieSecret(Map<Integer, String> secrets, int currentKeyVersion) {
            this.signedValues = SignedValues.of(secrets, currentKeyVersion);
            return this;
        }

        /**
         * Sets the signer of signed cookies directly, e.g. one that also reads Tornado's version-1 values
         * ({@code SignedValues.of(secret).acceptingVersion1()}).
         *
         * @param signedValues the signer
         * @return this builder
         */
        public Builder cookieSecret(SignedValues signedValues) {
            this.signedValues = Objects.requireNonNull(signedValues, "signedValues");
            return this;
        }

        /**
         * Sets where {@link Authenticated} handlers send visitors who are not signed in (GET and HEAD), as
         * Tornado's {@code login_url}: a path such as {@code /auth/login}, or an absolute URL (then {@code next}
         * carries the full URL of the page).
         *
         * @param loginUrl the login page's URL
         * @return this builder
         * @throws IllegalArgumentException if it contains CR, LF or other control characters
         */
        public Builder loginUrl(String loginUrl) {
            for (int i = 0; i < loginUrl.length(); i++) {
                if (loginUrl.charAt(i) < ' ' || loginUrl.charAt(i) == 0x7f) {
                    throw new IllegalArgumentException("loginUrl has a control character: \"" + loginUrl + "\"");
                }
            }
            this.loginUrl = loginUrl;
            return this;
        }

        /**
         * Sets the locales and translations that handlers' {@code locale()} chooses from (default:
         * {@link Locales#english()}, English only).
         *
         * @param locales the locales, e.g. {@code Locales.builder().csvDirectory(Path.of("translations")).build()}
         * @return this builder
         */
        public Builder locales(Locales locales) {
            this.locales = Objects.requireNonNull(locales, "locales");
            return this;
        }

        /**
         * Turns XSRF protection on or off (default off), as Tornado's {@code xsrf_cookies}: every request but
         * GET, HEAD and OPTIONS must then carry the token of the {@code _xsrf} cookie in an {@code _xsrf}
         * argument or an {@code X-XSRFToken} / {@code X-CSRFToken} header, else it is refused with 403 before
         * {@code prepare()}. Pages get the token from {@code xsrfToken()} or {@code xsrfFormHtml()}, which also
         * set the cookie. A handler opts out by overriding {@code checkXsrfCookie()}.
         *
         * @param xsrfCookies whether to check
         * @return this builder
         */
        public Builder xsrfCookies(boolean xsrfCookies) {
            this.xsrfCookies = xsrfCookies;
            return this;
        }

        /**
         * Sets the attributes of the {@code _xsrf} cookie, as Tornado's {@code xsrf_cookie_kwargs} (default:
         * {@code Path=/} only; scripts must be able to read it to send the header, so not {@code HttpOnly}).
         * E.g. {@code CookieOptions.builder().secure(true).sameSite(SameSite.STRICT).build()}.
         *
         * @param options the cookie's attributes
         * @return this builder
         */
        public Builder xsrfCookieOptions(CookieOptions options) {
            this.xsrfCookieOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Returns the application.
         *
         * @return an immutable application
         * @throws IllegalArgumentException if two routes have the same name
         */
        public Application build() {
            return new Application(this);
        }
    }
}
