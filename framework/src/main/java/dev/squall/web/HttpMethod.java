package dev.squall.web;

import org.jspecify.annotations.Nullable;

/**
 * The HTTP methods a handler dispatches to a method of its own, as Tornado's {@code SUPPORTED_METHODS}: the
 * one list of them in the web layer. Each handler style maps every constant to its Java method in one
 * exhaustive {@code switch} (the compiler checks that none is forgotten), the {@code Allow} header of a 405
 * is built from this list, and a request with any other method is a 405.
 *
 * <p>A method outside this list (WebDAV's {@code PROPFIND}) is meant to come as a handler-declared
 * extension, not as an eighth constant: see docs/architecture.md, "The handler's collaborators".
 */
public enum HttpMethod {
    /** {@code GET}: {@code get()}. */
    GET("get"),
    /** {@code HEAD}: {@code head()}, which runs {@code get()} unless overridden. */
    HEAD("head"),
    /** {@code POST}: {@code post()}. */
    POST("post"),
    /** {@code DELETE}: {@code delete()}. */
    DELETE("delete"),
    /** {@code PATCH}: {@code patch()}. */
    PATCH("patch"),
    /** {@code PUT}: {@code put()}. */
    PUT("put"),
    /** {@code OPTIONS}: {@code options()}. */
    OPTIONS("options");

    private final String handlerMethodName;

    HttpMethod(String handlerMethodName) {
        this.handlerMethodName = handlerMethodName;
    }

    /**
     * Returns the name of the handler method that serves this HTTP method: {@code get} for GET.
     *
     * @return the Java (or Kotlin) method name
     */
    public String handlerMethodName() {
        return handlerMethodName;
    }

    /**
     * Returns the constant for a request's method, compared exactly (HTTP methods are case-sensitive), or
     * null for any other method. No exception and no allocation: this runs once per request.
     *
     * @param method the request's method, e.g. {@code GET}
     * @return the constant, or null when the method is not one of the seven
     */
    public static @Nullable HttpMethod of(String method) {
        return switch (method) {
            case "GET" -> GET;
            case "HEAD" -> HEAD;
            case "POST" -> POST;
            case "DELETE" -> DELETE;
            case "PATCH" -> PATCH;
            case "PUT" -> PUT;
            case "OPTIONS" -> OPTIONS;
            default -> null;
        };
    }

    /**
     * Returns whether this method only reads (GET, HEAD, OPTIONS): the methods Tornado exempts from the
     * XSRF check.
     *
     * @return true for GET, HEAD and OPTIONS
     */
    public boolean isSafe() {
        return this == GET || this == HEAD || this == OPTIONS;
    }
}
