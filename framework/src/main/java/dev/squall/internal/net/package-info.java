/**
 * Internal: not API, may change without notice. Networking pieces that the framework's {@code dev.squall.net} and
 * the client ({@code dev.squall.httpclient}) share: the trust manager behind "do not validate certificates".
 * Public only so that the two modules can use one copy; applications must not depend on it.
 */
@NullMarked
package dev.squall.internal.net;

import org.jspecify.annotations.NullMarked;
