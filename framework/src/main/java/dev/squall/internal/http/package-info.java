/**
 * Internal: not API, may change without notice. The HTTP/1 codec that the server ({@code dev.squall.http})
 * and the client ({@code dev.squall.httpclient}) share: the head parser, the response parser, the chunked
 * decoder and the interned header names. Public only so that the two modules can use one copy; applications
 * must not depend on it.
 */
@NullMarked
package dev.squall.internal.http;

import org.jspecify.annotations.NullMarked;
