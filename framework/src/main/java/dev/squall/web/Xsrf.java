package dev.squall.web;

import dev.squall.escape.Escape;
import dev.squall.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * One request's XSRF state, as Tornado's {@code xsrf_token} / {@code check_xsrf_cookie}: the raw token from
 * the {@code _xsrf} cookie (or a fresh one, then set as the cookie when the page asks for the token) and the
 * masked token this response hands out. Made by the handler on first use.
 */
final class Xsrf {
    private final BaseRequestHandler handler;
    /** The raw token: from the cookie, or fresh. */
    private XsrfTokens.@Nullable Token raw;

    private boolean fromCookie;
    private @Nullable String masked;

    Xsrf(BaseRequestHandler handler) {
        this.handler = handler;
    }

    private long nowSeconds() {
        return Math.floorDiv(handler.request().loop().clock().currentTimeMillis(), 1000L);
    }

    /** The cookie's token, decoded; null when the cookie is absent or malformed. */
    private XsrfTokens.@Nullable Token cookieToken() {
        String cookie = handler.getCookie(XsrfTokens.NAME);
        return cookie == null || cookie.isEmpty() ? null : XsrfTokens.decode(cookie, nowSeconds());
    }

    private XsrfTokens.Token raw() {
        XsrfTokens.Token t = raw;
        if (t == null) {
            t = cookieToken();
            fromCookie = t != null;
            if (t == null) {
                t = new XsrfTokens.Token(2, XsrfTokens.newToken(), nowSeconds());
            }
            raw = t;
        }
        return t;
    }

    /** The masked (version 2) token for this response; sets the cookie when the request had none. */
    String token(@Nullable Object loadedUser) {
        String m = masked;
        if (m == null) {
            XsrfTokens.Token t = raw();
            m = XsrfTokens.encode(t.bytes(), t.timestamp());
            masked = m;
            if (!fromCookie) {
                CookieOptions options = handler.application().xsrfCookieOptions();
                if (loadedUser != null && !options.hasExpiry()) {
                    // Tornado: a signed-in user's token outlives the browser session, like their login.
                    options = options.newBuilder()
                            .expiresDays(SignedValues.DEFAULT_EXPIRES_DAYS)
                            .build();
                }
                handler.setCookie(XsrfTokens.NAME, m, options);
            }
        }
        return m;
    }

    String formHtml(@Nullable Object loadedUser) {
        return "<input type=\"hidden\" name=\"_xsrf\" value=\"" + Escape.xhtmlEscape(token(loadedUser)) + "\"/>";
    }

    /** Tornado's {@code check_xsrf_cookie}, with a reason that says what is missing or wrong. */
    void check() {
        String sent = handler.getArgumentOrNull(XsrfTokens.NAME);
        String from = "the _xsrf argument";
        HttpHeaders headers = handler.request().headers();
        if (sent == null || sent.isEmpty()) {
            sent = headers.get("X-XSRFToken");
            from = "the X-XSRFToken header";
        }
        if (sent == null || sent.isEmpty()) {
            sent = headers.get("X-CSRFToken");
            from = "the X-CSRFToken header";
        }
        String method = handler.request().method();
        if (sent == null || sent.isEmpty()) {
            throw forbidden(
                    "XSRF token missing",
                    "'_xsrf' argument (or X-XSRFToken header) missing from " + method
                            + "; put xsrfFormHtml() in the form, or send the _xsrf cookie's value in the header");
        }
        XsrfTokens.Token cookie = cookieToken();
        if (cookie == null) {
            throw forbidden(
                    "XSRF cookie missing",
                    "the '_xsrf' cookie is missing or malformed in a " + method
                            + "; the page that made the request must call xsrfToken() or xsrfFormHtml(), which set it");
        }
        XsrfTokens.Token token = XsrfTokens.decode(sent, nowSeconds());
        if (token == null) {
            throw forbidden("XSRF token has invalid format", from + " has an invalid format");
        }
        if (!XsrfTokens.matches(token, cookie)) {
            throw forbidden("XSRF token does not match cookie", "XSRF cookie does not match " + from + " of " + method);
        }
    }

    private static HttpError forbidden(String reason, String log) {
        return new HttpError(403, reason, log);
    }
}
