/**
 * Squall's jte binding: {@link dev.squall.templates.jte.JteTemplates} renders {@code .jte} (Java) and
 * {@code .kte} (Kotlin) templates — precompiled classes in production, a directory compiled on demand and
 * reloaded in debug mode — and {@link dev.squall.templates.jte.Page} is what every template gets as its
 * {@code page} parameter.
 *
 * <pre>{@code
 * Application.builder()
 *         .templates(JteTemplates.precompiled())          // jte-maven-plugin generated the classes
 *         .debug(false)
 *         ...
 * }</pre>
 */
@NullMarked
package dev.squall.templates.jte;

import org.jspecify.annotations.NullMarked;
