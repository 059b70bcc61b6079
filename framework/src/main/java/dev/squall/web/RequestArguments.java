package dev.squall.web;

import dev.squall.http.HttpServerRequest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one request — query string, form body, uploaded files — each parsed the first time it is
 * read, so a handler that reads none pays nothing.
 */
final class RequestArguments {
    private final HttpServerRequest request;
    private @Nullable Arguments query;
    private @Nullable Arguments body;
    private @Nullable Arguments all;
    private Map<String, List<UploadedFile>> files = Map.of();

    RequestArguments(HttpServerRequest request) {
        this.request = request;
    }

    Arguments query() {
        Arguments a = query;
        if (a == null) {
            a = Arguments.parseQuery(request.query());
            query = a;
        }
        return a;
    }

    /**
     * Returns the body arguments of an {@code application/x-www-form-urlencoded} or {@code multipart/form-data}
     * body; none for other bodies.
     *
     * @throws HttpError 400 if a multipart body is malformed
     */
    Arguments body() {
        Arguments a = body;
        if (a == null) {
            a = Arguments.EMPTY;
            String contentType = request.headers().get("Content-Type");
            if (contentType != null && request.body().length > 0) {
                HeaderValue type = HeaderValue.parse(contentType);
                if (type.value().equals("application/x-www-form-urlencoded")) {
                    a = Arguments.parseUrlEncoded(request.body());
                } else if (type.value().equals("multipart/form-data")) {
                    Multipart.Form form = Multipart.parse(type, request.body());
                    a = form.arguments();
                    files = form.files();
                }
            }
            body = a;
        }
        return a;
    }

    /** Returns query and body arguments together, query values first (Tornado's {@code request.arguments}). */
    Arguments all() {
        Arguments a = all;
        if (a == null) {
            a = Arguments.merge(query(), body());
            all = a;
        }
        return a;
    }

    List<UploadedFile> files(String name) {
        body();
        List<UploadedFile> list = files.get(name);
        return list != null ? Collections.unmodifiableList(list) : List.of();
    }

    static String required(String name, @Nullable String value) {
        if (value == null) {
            throw new MissingArgumentError(name);
        }
        return value;
    }
}
