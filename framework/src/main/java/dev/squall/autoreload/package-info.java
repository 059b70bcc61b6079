/**
 * Dev mode's code reload, as Tornado's {@code tornado.autoreload}: {@link dev.squall.autoreload.Autoreload}
 * runs the application in a child JVM and starts a new one whenever the compiled classes change.
 */
@NullMarked
package dev.squall.autoreload;

import org.jspecify.annotations.NullMarked;
