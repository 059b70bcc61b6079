/**
 * Tornado's {@code tcpecho} demo on {@link dev.squall.net.TcpServer} and {@link dev.squall.net.TcpClient}: a server
 * that echoes lines, and a client that sends one and prints the answer.
 */
@NullMarked
package dev.squall.samples.tcpecho;

import org.jspecify.annotations.NullMarked;
