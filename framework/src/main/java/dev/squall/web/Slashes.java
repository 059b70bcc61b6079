package dev.squall.web;

/**
 * Tornado's {@code @removeslash} and {@code @addslash}, as calls at the top of {@code prepare()} or a method:
 *
 * <pre>{@code
 * final class EntryHandler extends RequestHandler {
 *     @Override public void prepare() {
 *         Slashes.removeSlash(this);             // GET /entry/7/ -> 301 to /entry/7
 *     }
 *     @Override public void get() { ... }
 * }
 * }</pre>
 *
 * <p>A GET or HEAD to the other form of the path is answered with a permanent redirect (query kept), which
 * finishes the handler so its method does not run; any other method on the other form is a 404, as Tornado's.
 * Unlike Tornado, a path that would start with {@code //} after the change (a browser reads it as another host)
 * is redirected to a single leading slash instead, so these never make an open redirect.
 */
public final class Slashes {
    private Slashes() {}

    /**
     * Redirects a path ending with {@code /} to the path without it ({@code /a/} to {@code /a}); {@code /} itself
     * is left alone for GET and HEAD.
     *
     * @param handler the handler of the request, from its {@code prepare()} or method, on the loop
     * @return true if the handler was finished with a redirect
     * @throws HttpError 404 for other methods on a path ending with {@code /}
     */
    public static boolean removeSlash(BaseRequestHandler handler) {
        String path = handler.request().path();
        if (!path.endsWith("/")) {
            return false;
        }
        if (!isGetOrHead(handler)) {
            throw new HttpError(404);
        }
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        redirect(handler, path.substring(0, end));
        return true;
    }

    /**
     * Redirects a path not ending with {@code /} to the path with it ({@code /a} to {@code /a/}).
     *
     * @param handler the handler of the request, from its {@code prepare()} or method, on the loop
     * @return true if the handler was finished with a redirect
     * @throws HttpError 404 for other methods on a path not ending with {@code /}
     */
    public static boolean addSlash(BaseRequestHandler handler) {
        String path = handler.request().path();
        if (path.endsWith("/")) {
            return false;
        }
        if (!isGetOrHead(handler)) {
            throw new HttpError(404);
        }
        redirect(handler, path + "/");
        return true;
    }

    private static boolean isGetOrHead(BaseRequestHandler handler) {
        String method = handler.request().method();
        return method.equals("GET") || method.equals("HEAD");
    }

    private static void redirect(BaseRequestHandler handler, String path) {
        int slashes = 0;
        while (slashes < path.length() && path.charAt(slashes) == '/') {
            slashes++;
        }
        String target = slashes > 1 ? path.substring(slashes - 1) : path;
        String query = handler.request().query();
        handler.redirect(query.isEmpty() ? target : target + "?" + query, true);
    }
}
