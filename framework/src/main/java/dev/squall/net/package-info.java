/**
 * Non-blocking streams and TCP: {@link dev.squall.net.IOStream}, {@link dev.squall.net.TcpServer},
 * {@link dev.squall.net.TcpClient}, TLS.
 */
@NullMarked
package dev.squall.net;

import org.jspecify.annotations.NullMarked;
