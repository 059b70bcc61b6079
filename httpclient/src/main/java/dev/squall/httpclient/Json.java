package dev.squall.httpclient;

import com.squareup.moshi.Moshi;

/** The Moshi instance for request bodies written with {@link HttpRequest.Builder#json}. */
final class Json {
    static final Moshi MOSHI = new Moshi.Builder().build();

    private Json() {}
}
