package dev.squall.web;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An application's route table, as built: the host rule sets, the application's own routes (the static files'
 * first), the default handler, and the named routes that {@link Application#reverseUrl} reverses. Finds the
 * route of a request and makes its handler. Immutable and thread-safe.
 */
final class Routes {
    private static final System.Logger APP_LOG = System.getLogger("dev.squall.application");

    private final Router router;
    private final HostRule[] hosts;
    private final Supplier<? extends BaseRequestHandler> defaultHandler;
    /**
     * The traits of the class the default handler's factory made last. Written by every loop without
     * synchronization: {@link HandlerTraits} is immutable, and a stale value is only a cache miss.
     */
    private @Nullable HandlerTraits defaultTraits;

    private final Map<String, Router.NamedRoute> namedRoutes;

    /** Routes that serve only requests whose host matches {@code pattern} ({@code Application.addHandlers}). */
    record HostRule(PathPattern pattern, Router router) {}

    /**
     * Builds the table; the static files' routes go first, as Tornado's: {@code /static/...},
     * {@code /favicon.ico} and {@code /robots.txt} are never shadowed by the application's routes.
     *
     * @throws IllegalArgumentException if two routes have the same name
     */
    Routes(
            Router.Builder routes,
            List<HostRule> hosts,
            Supplier<? extends BaseRequestHandler> defaultHandler,
            @Nullable StaticFiles statics) {
        if (statics != null) {
            Supplier<StaticFileHandler> handler = () -> new StaticFileHandler(statics);
            routes.routeFirst(0, regexLiteral(statics.urlPrefix()) + "(?<path>.*)", handler);
            routes.routeFirst(1, "/(?<path>favicon\\.ico)", handler);
            routes.routeFirst(2, "/(?<path>robots\\.txt)", handler);
        }
        this.router = routes.build();
        this.hosts = hosts.toArray(new HostRule[0]);
        this.defaultHandler = defaultHandler;
        Map<String, Router.NamedRoute> names = new HashMap<>();
        for (HostRule host : this.hosts) {
            host.router.collectNames("", names);
        }
        router.collectNames("", names);
        this.namedRoutes = Map.copyOf(names);
    }

    private static String regexLiteral(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.[]{}()<>*+-=!?^$|".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Makes the handler of {@code request}'s route (or the default handler), attached to {@code app}; or, if the
     * factory throws or returns null, logs it, answers 500 and returns null. Loop thread.
     */
    @Nullable
    BaseRequestHandler newHandler(Application app, HttpServerRequest request, HttpServerResponse response) {
        Router.Match match = find(request);
        BaseRequestHandler handler;
        try {
            handler = match != null ? match.route().factory.get() : defaultHandler.get();
            if (handler == null) {
                throw new IllegalStateException("the handler factory of route "
                        + (match != null ? "\"" + match.route().pattern + "\"" : "(default)") + " returned null");
            }
        } catch (Throwable t) {
            APP_LOG.log(Level.ERROR, "could not create a handler for " + request, t);
            if (!response.isHeadWritten()) {
                HttpHeaders headers = new HttpHeaders();
                headers.set("Content-Type", BaseRequestHandler.DEFAULT_CONTENT_TYPE);
                response.end(
                        500,
                        headers,
                        "<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>"
                                .getBytes(StandardCharsets.UTF_8));
            }
            return null;
        }
        handler.attach(app, request, response, match, traits(match, handler.getClass()));
        return handler;
    }

    /** The traits of {@code type}, from the route's cache (the default handler's for no match), refreshed if stale. */
    private HandlerTraits traits(Router.@Nullable Match match, Class<?> type) {
        if (match == null) {
            HandlerTraits t = HandlerTraits.cached(defaultTraits, type);
            defaultTraits = t;
            return t;
        }
        Router.Route route = match.route();
        HandlerTraits t = HandlerTraits.cached(route.traits, type);
        route.traits = t;
        return t;
    }

    private Router.@Nullable Match find(HttpServerRequest request) {
        String path = request.path();
        if (hosts.length > 0) {
            String host = request.hostName().toLowerCase(Locale.ROOT);
            for (HostRule rule : hosts) {
                if (rule.pattern.match(host, 0) != null) {
                    Router.Match m = rule.router.find(path, 0);
                    if (m != null) {
                        return m;
                    }
                }
            }
        }
        return router.find(path, 0);
    }

    /** See {@link Application#reverseUrl}. */
    String reverseUrl(String name, Object... args) {
        Router.NamedRoute route = namedRoutes.get(name);
        if (route == null) {
            throw new IllegalArgumentException("no route is named \"" + name + "\"; name one with route(pattern, "
                    + "factory, \"" + name + "\"); named routes: " + namedRoutes.keySet());
        }
        return route.reverse(name, args);
    }
}
