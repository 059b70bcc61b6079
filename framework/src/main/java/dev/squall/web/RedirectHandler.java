package dev.squall.web;

import dev.squall.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Redirects every GET (and HEAD) to a URL built from the route's groups, as Tornado's {@code RedirectHandler}:
 *
 * <pre>{@code
 * Application.builder()
 *         .route("/", RedirectHandler.to("/home"))                                   // 301
 *         .route("/story/([0-9]+)", RedirectHandler.to("/entries/{0}"))               // positional group
 *         .route("/u/(?<name>[a-z]+)", RedirectHandler.to("/users/{name}", false))     // named group, 302
 * }</pre>
 *
 * <p>{@code {0}}, {@code {1}}... are the route's groups by position and {@code {name}} by name, decoded as
 * {@link BaseRequestHandler#pathArg(int)} gives them; {@code {{} and {@code }}} are literal braces. Characters
 * that cannot appear in a URL (controls, spaces, non-ASCII) are percent-encoded when substituted. The request's
 * query arguments are appended to the target's, as Tornado does ({@code /old?page=2} to {@code /new?page=2}).
 * Permanent (301) by default, as Tornado's.
 */
public class RedirectHandler extends RequestHandler {
    private final Template template;
    private final boolean permanent;

    /**
     * Creates a permanent (301) redirect.
     *
     * @param url the target, with {@code {0}} or {@code {name}} placeholders
     * @throws IllegalArgumentException if a brace is not closed or a placeholder is empty
     */
    public RedirectHandler(String url) {
        this(url, true);
    }

    /**
     * Creates a redirect.
     *
     * @param url the target, with {@code {0}} or {@code {name}} placeholders
     * @param permanent true for 301, false for 302
     * @throws IllegalArgumentException if a brace is not closed or a placeholder is empty
     */
    public RedirectHandler(String url, boolean permanent) {
        this(Template.parse(url), permanent);
    }

    private RedirectHandler(Template template, boolean permanent) {
        this.template = template;
        this.permanent = permanent;
    }

    /**
     * Returns a route factory for a permanent redirect; the URL is parsed once, here.
     *
     * @param url the target, with {@code {0}} or {@code {name}} placeholders
     * @return a factory for {@link Application.Builder#route(String, Supplier)}
     * @throws IllegalArgumentException if a brace is not closed or a placeholder is empty
     */
    public static Supplier<RedirectHandler> to(String url) {
        return to(url, true);
    }

    /**
     * Returns a route factory for a redirect; the URL is parsed once, here.
     *
     * @param url the target, with {@code {0}} or {@code {name}} placeholders
     * @param permanent true for 301, false for 302
     * @return a factory for {@link Application.Builder#route(String, Supplier)}
     * @throws IllegalArgumentException if a brace is not closed or a placeholder is empty
     */
    public static Supplier<RedirectHandler> to(String url, boolean permanent) {
        Template t = Template.parse(url);
        return () -> new RedirectHandler(t, permanent);
    }

    /**
     * Redirects.
     *
     * @throws IllegalArgumentException if a placeholder names a group the route does not have (a 500)
     */
    @Override
    public void get() {
        String target = template.expand(this);
        String query = request().query();
        if (!query.isEmpty()) {
            target = HttpUtil.urlConcatMulti(target, HttpUtil.parseQuery(query));
        }
        redirect(target, permanent);
    }

    /** The target URL cut into literal text and placeholders, parsed once per route. */
    private record Template(List<String> literals, List<String> placeholders) {
        static Template parse(String url) {
            Objects.requireNonNull(url, "url");
            List<String> literals = new ArrayList<>();
            List<String> placeholders = new ArrayList<>();
            StringBuilder lit = new StringBuilder();
            for (int i = 0; i < url.length(); i++) {
                char c = url.charAt(i);
                if (c == '{' && i + 1 < url.length() && url.charAt(i + 1) == '{') {
                    lit.append('{');
                    i++;
                } else if (c == '}' && i + 1 < url.length() && url.charAt(i + 1) == '}') {
                    lit.append('}');
                    i++;
                } else if (c == '{') {
                    int close = url.indexOf('}', i);
                    if (close < 0) {
                        throw new IllegalArgumentException(
                                "unclosed { in redirect URL \"" + url + "\"; write {{ for a literal brace");
                    }
                    String name = url.substring(i + 1, close);
                    if (name.isEmpty()) {
                        throw new IllegalArgumentException("empty {} in redirect URL \"" + url
                                + "\"; write {0} for the first group or {name} for a named one");
                    }
                    literals.add(lit.toString());
                    lit.setLength(0);
                    placeholders.add(name);
                    i = close;
                } else {
                    lit.append(c);
                }
            }
            literals.add(lit.toString());
            return new Template(List.copyOf(literals), List.copyOf(placeholders));
        }

        String expand(BaseRequestHandler h) {
            if (placeholders.isEmpty()) {
                return literals.get(0);
            }
            StringBuilder sb = new StringBuilder(literals.get(0));
            for (int i = 0; i < placeholders.size(); i++) {
                String p = placeholders.get(i);
                String value = isIndex(p) ? h.pathArg(Integer.parseInt(p)) : h.pathArg(p);
                appendUrlSafe(sb, value);
                sb.append(literals.get(i + 1));
            }
            return sb.toString();
        }

        private static boolean isIndex(String p) {
            for (int i = 0; i < p.length(); i++) {
                if (!Character.isDigit(p.charAt(i))) {
                    return false;
                }
            }
            return p.length() < 9;
        }

        private static void appendUrlSafe(StringBuilder sb, String value) {
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
                        || c == '{' || c == '|' || c == '}') {
                    sb.append('%')
                            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                } else {
                    sb.append((char) c);
                }
            }
        }
    }
}
