package dev.squall.web;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/**
 * Content types by file extension for {@link StaticFileHandler}: a table of what sites serve, then the JDK's
 * own table, then {@code application/octet-stream}. Text types get {@code ; charset=UTF-8}.
 */
final class MimeTypes {
    static final String OCTET_STREAM = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"),
            Map.entry("mjs", "text/javascript"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("xml", "application/xml"),
            Map.entry("txt", "text/plain"),
            Map.entry("md", "text/markdown"),
            Map.entry("csv", "text/csv"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("wav", "audio/wav"));

    private MimeTypes() {}

    /** Returns the {@code Content-Type} for a file name, with {@code charset=UTF-8} for text. */
    static String forFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String type = null;
        if (dot >= 0 && dot < fileName.length() - 1) {
            type = BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        }
        if (type == null) {
            type = URLConnection.guessContentTypeFromName(fileName);
        }
        if (type == null) {
            return OCTET_STREAM;
        }
        return isText(type) ? type + "; charset=UTF-8" : type;
    }

    /** Text types: {@code text/*} and the structured-text types that browsers decode as text. */
    static boolean isText(String type) {
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.equals("application/manifest+json")
                || type.equals("application/xml")
                || type.equals("image/svg+xml");
    }
}
