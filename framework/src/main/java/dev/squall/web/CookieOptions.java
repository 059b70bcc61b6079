package dev.squall.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The attributes of a cookie a handler sets: {@code Path} (default {@code /}), {@code Domain}, expiry
 * ({@code Expires} as an instant or as days from now, and/or {@code Max-Age}), {@code Secure},
 * {@code HttpOnly}, {@code SameSite} and {@code Partitioned} — Tornado's {@code set_cookie} keyword arguments.
 * Immutable; made with a {@link Builder}.
 *
 * <pre>{@code
 * CookieOptions session = CookieOptions.builder().httpOnly(true).secure(true).sameSite(SameSite.LAX).build();
 * setCookie("theme", "dark", CookieOptions.builder().expiresDays(365).build());
 * }</pre>
 *
 * <p>{@code SameSite=None} and {@code Partitioned} need {@code Secure} (browsers drop such cookies without it),
 * so either one adds {@code Secure} by itself. Paths and domains with control characters or {@code ;} are
 * refused when built: no attribute can smuggle another, or another header.
 */
public final class CookieOptions {
    private static final CookieOptions DEFAULTS = new Builder().build();

    /** The {@code SameSite} attribute (RFC 6265bis): when a browser sends the cookie with cross-site requests. */
    public enum SameSite {
        /** {@code SameSite=Lax}: sent with top-level cross-site navigations (links), not with embedded requests. */
        LAX("Lax"),
        /** {@code SameSite=Strict}: never sent with cross-site requests. */
        STRICT("Strict"),
        /** {@code SameSite=None}: always sent; requires {@code Secure}, which it adds. */
        NONE("None");

        private final String attribute;

        SameSite(String attribute) {
            this.attribute = attribute;
        }

        /**
         * Returns the attribute's value as written in {@code Set-Cookie}: {@code Lax}, {@code Strict} or
         * {@code None}.
         *
         * @return the attribute value
         */
        public String attribute() {
            return attribute;
        }
    }

    private final String path;
    private final @Nullable String domain;
    private final @Nullable Instant expires;
    private final @Nullable Double expiresDays;
    private final @Nullable Duration maxAge;
    private final boolean secure;
    private final boolean httpOnly;
    private final @Nullable SameSite sameSite;
    private final boolean partitioned;

    private CookieOptions(Builder b) {
        this.path = b.path;
        this.domain = b.domain;
        this.expires = b.expires;
        this.expiresDays = b.expiresDays;
        this.maxAge = b.maxAge;
        this.sameSite = b.sameSite;
        this.partitioned = b.partitioned;
        this.secure = b.secure || b.sameSite == SameSite.NONE || b.partitioned;
        this.httpOnly = b.httpOnly;
    }

    /**
     * Returns the default options: {@code Path=/} and nothing else (a session cookie, sent over HTTP and
     * HTTPS, readable by scripts), as Tornado's {@code set_cookie} defaults.
     *
     * @return the defaults
     */
    public static CookieOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a new builder with the defaults ({@code Path=/}).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these options, to derive others.
     *
     * @return a builder
     */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Returns the {@code Path} attribute; {@code /} by default. */
    public String path() {
        return path;
    }

    /** Returns the {@code Domain} attribute, or null (the cookie then goes to the setting host only). */
    public @Nullable String domain() {
        return domain;
    }

    /** Returns the {@code Expires} instant, or null. */
    public @Nullable Instant expires() {
        return expires;
    }

    /** Returns the expiry in days from when the cookie is set, or null; {@link #expires()} wins over it. */
    public @Nullable Double expiresDays() {
        return expiresDays;
    }

    /** Returns the {@code Max-Age}, or null. */
    public @Nullable Duration maxAge() {
        return maxAge;
    }

    /** Returns whether the cookie is sent only over HTTPS ({@code Secure}). */
    public boolean secure() {
        return secure;
    }

    /** Returns whether scripts cannot read the cookie ({@code HttpOnly}). */
    public boolean httpOnly() {
        return httpOnly;
    }

    /** Returns the {@code SameSite} attribute, or null for none (the browser's default, Lax in most). */
    public @Nullable SameSite sameSite() {
        return sameSite;
    }

    /** Returns whether the cookie is {@code Partitioned} (CHIPS: kept per top-level site). */
    public boolean partitioned() {
        return partitioned;
    }

    /** Returns whether these options say when the cookie expires (an instant, days or a max age). */
    boolean hasExpiry() {
        return expires != null || expiresDays != null || maxAge != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CookieOptions c
                && path.equals(c.path)
                && Objects.equals(domain, c.domain)
                && Objects.equals(expires, c.expires)
                && Objects.equals(expiresDays, c.expiresDays)
                && Objects.equals(maxAge, c.maxAge)
                && secure == c.secure
                && httpOnly == c.httpOnly
                && sameSite == c.sameSite
                && partitioned == c.partitioned;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, domain, expires, expiresDays, maxAge, secure, httpOnly, sameSite, partitioned);
    }

    @Override
    public String toString() {
        return "CookieOptions{path=" + path + (domain != null ? ", domain=" + domain : "")
                + (expires != null ? ", expires=" + expires : "")
                + (expiresDays != null ? ", expiresDays=" + expiresDays : "")
                + (maxAge != null ? ", maxAge=" + maxAge : "") + (secure ? ", secure" : "")
                + (httpOnly ? ", httpOnly" : "") + (sameSite != null ? ", sameSite=" + sameSite.attribute() : "")
                + (partitioned ? ", partitioned" : "") + "}";
    }

    /** Builds {@link CookieOptions}. Not thread-safe; each setter returns the builder. */
    public static final class Builder {
        private String path = "/";
        private @Nullable String domain;
        private @Nullable Instant expires;
        private @Nullable Double expiresDays;
        private @Nullable Duration maxAge;
        private boolean secure;
        private boolean httpOnly;
        private @Nullable SameSite sameSite;
        private boolean partitioned;

        private Builder() {}

        private Builder(CookieOptions o) {
            path = o.path;
            domain = o.domain;
            expires = o.expires;
            expiresDays = o.expiresDays;
            maxAge = o.maxAge;
            secure = o.secure;
            httpOnly = o.httpOnly;
            sameSite = o.sameSite;
            partitioned = o.partitioned;
        }

        /**
         * Sets the {@code Path} attribute.
         *
         * @param path a path starting with {@code /}
         * @return this builder
         * @throws IllegalArgumentException if it does not start with {@code /} or has control characters or
         *     {@code ;}
         */
        public Builder path(String path) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a cookie path must start with /, got \"" + path + "\"");
            }
            this.path = checkAttribute("path", path);
            return this;
        }

        /**
         * Sets the {@code Domain} attribute: the cookie then also goes to that domain's subdomains.
         *
         * @param domain a host name such as {@code example.com}, or null for none
         * @return this builder
         * @throws IllegalArgumentException if it has control characters, spaces or {@code ;}
         */
        public Builder domain(@Nullable String domain) {
            this.domain = domain == null ? null : checkAttribute("domain", domain);
            return this;
        }

        /**
         * Sets the {@code Expires} attribute to an instant; it wins over {@link #expiresDays(double)}.
         *
         * @param expires when the cookie expires, or null for none
         * @return this builder
         */
        public Builder expires(@Nullable Instant expires) {
            this.expires = expires;
            return this;
        }

        /**
         * Sets {@code Expires} to this many days after the cookie is set (on the loop's clock), as Tornado's
         * {@code expires_days}.
         *
         * @param days days from now; fractions allowed
         * @return this builder
         * @throws IllegalArgumentException if not finite
         */
        public Builder expiresDays(double days) {
            if (!Double.isFinite(days)) {
                throw new IllegalArgumentException("expiresDays must be a finite number, got " + days);
            }
            this.expiresDays = days;
            return this;
        }

        /**
         * Sets the {@code Max-Age} attribute, in whole seconds; zero or negative deletes the cookie.
         *
         * @param maxAge the age, or null for none
         * @return this builder
         */
        public Builder maxAge(@Nullable Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Sets {@code Secure}: the browser sends the cookie over HTTPS only.
         *
         * @param secure whether to set it
         * @return this builder
         */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /**
         * Sets {@code HttpOnly}: scripts cannot read the cookie.
         *
         * @param httpOnly whether to set it
         * @return this builder
         */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /**
         * Sets {@code SameSite}; {@link SameSite#NONE} adds {@code Secure}.
         *
         * @param sameSite the value, or null to leave the attribute out
         * @return this builder
         */
        public Builder sameSite(@Nullable SameSite sameSite) {
            this.sameSite = sameSite;
            return this;
        }

        /**
         * Sets {@code Partitioned} (CHIPS), which adds {@code Secure}.
         *
         * @param partitioned whether to set it
         * @return this builder
         */
        public Builder partitioned(boolean partitioned) {
            this.partitioned = partitioned;
            return this;
        }

        /**
         * Returns the options.
         *
         * @return the options
         */
        public CookieOptions build() {
            return new CookieOptions(this);
        }

        private static String checkAttribute(String what, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c <= ' ' || c == ';' || c == 0x7f || c > 0xff) {
                    throw new IllegalArgumentException("a cookie " + what + " cannot contain "
                            + (c == ';' ? "';'" : String.format("U+%04X", (int) c)) + ": \"" + value + "\"");
                }
            }
            return value;
        }
    }
}
