/**
 * Child processes on the event loop, as Tornado's {@code tornado.process.Subprocess}: {@link
 * dev.squall.process.Subprocess} starts a process and exposes its pipes and its exit as futures that complete on
 * the loop.
 */
@NullMarked
package dev.squall.process;

import org.jspecify.annotations.NullMarked;
