/**
 * The engine-neutral template interface: an application renders pages through a {@link
 * dev.squall.template.TemplateEngine} ({@code Application.builder().templates(engine)}), and every template
 * gets a {@link dev.squall.template.PageContext} — Tornado's template namespace, typed: the request, the
 * current user, {@code staticUrl}, {@code reverseUrl}, {@code xsrfFormHtml}, the user's locale and its
 * translations, escapes and UI modules.
 *
 * <p>The framework has no template engine of its own: the {@code squall-templates} module binds jte
 * ({@code dev.squall.templates.jte.JteTemplates}); other engines implement {@code TemplateEngine}.
 */
@NullMarked
package dev.squall.template;

import org.jspecify.annotations.NullMarked;
