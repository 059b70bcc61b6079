package dev.squall.http;

/** The HTTP versions the HTTP/1 server and client speak. */
public enum HttpVersion {
    /** HTTP/1.0: no keep-alive unless asked for, no chunked encoding. */
    HTTP_1_0("HTTP/1.0"),
    /** HTTP/1.1. */
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** Returns the version as it appears on the wire, e.g. {@code HTTP/1.1}. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
