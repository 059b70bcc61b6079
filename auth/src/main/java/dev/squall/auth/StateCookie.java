package dev.squall.auth;

import dev.squall.web.BaseRequestHandler;
import dev.squall.web.CookieOptions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The short-lived signed cookie that binds a sign-in to the browser that started it: set when the user is
 * sent to the provider, read and deleted on the callback (single use). {@code HttpOnly}, {@code SameSite=Lax}
 * (sent on the provider's top-level redirect back, not on cross-site sub-requests), {@code Secure} when the
 * site is served over HTTPS.
 */
final class StateCookie {
    private StateCookie() {}

    static void set(BaseRequestHandler handler, String name, String value, Duration maxAge) {
        handler.setSignedCookie(
                name, value, options(handler).newBuilder().maxAge(maxAge).build());
    }

    /**
     * Returns the cookie's value if it is validly signed and at most {@code maxAge} old, and deletes it.
     *
     * @return the value, or null when absent, tampered or expired
     */
    static @Nullable String take(BaseRequestHandler handler, String name, Duration maxAge) {
        String value = handler.getSignedCookie(name, maxAge);
        if (handler.getCookie(name) != null) {
            handler.clearCookie(name, options(handler));
        }
        return value;
    }

    private static CookieOptions options(BaseRequestHandler handler) {
        return CookieOptions.builder()
                .path("/")
                .httpOnly(true)
                .sameSite(CookieOptions.SameSite.LAX)
                .secure("https".equals(handler.request().protocol()))
                .build();
    }
}
