/**
 * HTTP/1.1: {@link dev.squall.http.HttpServer}, the request and response it hands to a
 * {@link dev.squall.http.HttpHandler}, and {@link dev.squall.http.HttpHeaders}.
 *
 * <p>Everything about one connection runs on the loop that accepted it.
 */
@NullMarked
package dev.squall.http;

import org.jspecify.annotations.NullMarked;
