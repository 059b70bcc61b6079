package dev.squall.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An ordered set of routes, for mounting under a path prefix ({@link Builder#mount}) or serving one host
 * ({@link Application.Builder#addHandlers}), as Tornado's {@code Rule}s and nested routers.
 *
 * <pre>{@code
 * Router api = Router.builder()
 *         .route("/users/([0-9]+)", UserHandler::new, "user")
 *         .route("/health", HealthHandler::new)
 *         .build();
 * Application app = Application.builder()
 *         .mount("/api", api)                        // serves /api/users/7 and /api/health
 *         .build();
 * app.reverseUrl("user", 7);                         // "/api/users/7"
 * }</pre>
 *
 * <p>Routes are tried in the order they were added; the first whose pattern matches the whole path (the
 * part after the mount prefix, for a mounted router) wins. Immutable and thread-safe.
 */
public final class Router {
    private final Entry[] entries;

    private Router(List<Entry> entries) {
        this.entries = entries.toArray(new Entry[0]);
    }

    /**
     * Returns a builder for a router.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Finds the route for {@code path[from..]}.
     *
     * @return the match, or null
     */
    @Nullable
    Match find(String path, int from) {
        for (Entry entry : entries) {
            if (entry instanceof Route route) {
                String[] groups = route.pattern.match(path, from);
                if (groups != null) {
                    return groups.length == 0 ? route.noGroupsMatch : new Match(route, groups);
                }
            } else {
                Mount mount = (Mount) entry;
                if (mount.covers(path, from)) {
                    Match m = mount.router.find(path, from + mount.prefix.length());
                    if (m != null) {
                        return m;
                    }
                }
            }
        }
        return null;
    }

    /** Adds every named route to {@code out}, as {@code prefix} + its pattern. */
    void collectNames(String prefix, Map<String, NamedRoute> out) {
        for (Entry entry : entries) {
            if (entry instanceof Route route) {
                if (route.name != null) {
                    NamedRoute previous = out.putIfAbsent(route.name, new NamedRoute(prefix, route.pattern));
                    if (previous != null) {
                        throw new IllegalArgumentException("two routes are named \"" + route.name + "\" ("
                                + previous.prefix + previous.pattern + " and " + prefix + route.pattern
                                + "); route names must be unique within an application");
                    }
                }
            } else {
                Mount mount = (Mount) entry;
                mount.router.collectNames(prefix + mount.prefix, out);
            }
        }
    }

    sealed interface Entry permits Route, Mount {}

    /** A path pattern and the factory making a handler for each request it matches. */
    static final class Route implements Entry {
        final PathPattern pattern;
        final Supplier<? extends BaseRequestHandler> factory;
        final @Nullable String name;
        /** Shared by every match without groups, so literal routes allocate nothing to match. */
        final Match noGroupsMatch;
        /**
         * The traits of the class this route's factory made last (see {@link HandlerTraits#cached}). Written by
         * every loop without synchronization: {@link HandlerTraits} is immutable, and a stale value is a cache miss.
         */
        @Nullable
        HandlerTraits traits;

        Route(PathPattern pattern, Supplier<? extends BaseRequestHandler> factory, @Nullable String name) {
            this.pattern = pattern;
            this.factory = factory;
            this.name = name;
            this.noGroupsMatch = new Match(this, PathPattern.NO_GROUPS);
        }
    }

    record Mount(String prefix, Router router) implements Entry {
        /** Whether {@code path[from..]} lies under the prefix, on a segment boundary: /api covers /api/x, not /apix. */
        boolean covers(String path, int from) {
            if (!path.startsWith(prefix, from)) {
                return false;
            }
            int end = from + prefix.length();
            return end == path.length() || prefix.endsWith("/") || path.charAt(end) == '/';
        }
    }

    /** A route found for a request, with its raw (still percent-encoded) group values. */
    record Match(Route route, @Nullable String[] rawGroups) {}

    /** A named route's pattern and the prefix of the mounts above it, for reverse routing. */
    record NamedRoute(String prefix, PathPattern pattern) {
        String reverse(String name, Object[] args) {
            return prefix + pattern.reverse(name, args);
        }
    }

    /** Builds a {@link Router}. Not thread-safe. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        Builder() {}

        /**
         * Adds a route.
         *
         * @param pattern a regular expression that must match the whole path, e.g. {@code /story/([0-9]+)};
         *     its groups are all named ({@code (?<id>...)}) or all positional
         * @param factory makes a fresh handler for each request, e.g. {@code MainHandler::new} or
         *     {@code () -> new StoryHandler(db)} (the typed equivalent of Tornado's {@code initialize(**kwargs)})
         * @return this builder
         * @throws IllegalArgumentException if the pattern does not compile or mixes named and positional groups
         */
        public Builder route(String pattern, Supplier<? extends BaseRequestHandler> factory) {
            return route(pattern, factory, null);
        }

        /**
         * Adds a named route, for {@link Application#reverseUrl}.
         *
         * @param pattern a regular expression that must match the whole path
         * @param factory makes a fresh handler for each request
         * @param name the route's name, unique within the application, or null
         * @return this builder
         * @throws IllegalArgumentException if the pattern does not compile or mixes named and positional groups
         */
        public Builder route(String pattern, Supplier<? extends BaseRequestHandler> factory, @Nullable String name) {
            Objects.requireNonNull(factory, "factory");
            entries.add(new Route(PathPattern.compile(pattern), factory, name));
            return this;
        }

        /**
         * Mounts {@code router} under a literal path prefix: a request whose path starts with {@code prefix}
         * (on a segment boundary: {@code /api} covers {@code /api} and {@code /api/x}, not {@code /apix}) is
         * matched against {@code router}'s routes with the prefix removed. When none matches, routing goes
         * on with the routes after this mount.
         *
         * @param prefix a literal path prefix such as {@code /api} (not a regular expression)
         * @param router the routes to serve under it
         * @return this builder
         * @throws IllegalArgumentException if the prefix does not start with {@code /}
         */
        public Builder mount(String prefix, Router router) {
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("mount prefix \"" + prefix + "\" must start with '/'");
            }
            entries.add(new Mount(prefix, Objects.requireNonNull(router, "router")));
            return this;
        }

        /** Puts a route before every route added so far (the application's static routes, as Tornado). */
        Builder routeFirst(int index, String pattern, Supplier<? extends BaseRequestHandler> factory) {
            entries.add(index, new Route(PathPattern.compile(pattern), factory, null));
            return this;
        }

        /**
         * Returns the router.
         *
         * @return an immutable router with the routes added so far
         */
        public Router build() {
            return new Router(entries);
        }
    }
}
