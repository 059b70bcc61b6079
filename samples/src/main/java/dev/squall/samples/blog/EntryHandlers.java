package dev.squall.samples.blog;

import dev.squall.web.Authenticated;
import dev.squall.web.HttpError;
import dev.squall.web.UIModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The pages that show and write entries, in the coroutine style. */
final class EntryHandlers {
    /** Entries on the home page. */
    static final int HOME_ENTRIES = 5;
    /** Entries in the feed. */
    static final int FEED_ENTRIES = 10;

    private EntryHandlers() {}

    /** {@code GET /}: the latest {@value #HOME_ENTRIES} entries. */
    static final class Home extends BlogHandler {
        Home(BlogStore store) {
            super(store);
        }

        @Override
        public void get() {
            List<Entry> entries = db(s -> s.latest(HOME_ENTRIES));
            boolean canSignUp = entries.isEmpty() && !db(BlogStore::hasAuthors);
            render("blog/home.jte", Map.of("entries", entries, "canSignUp", canSignUp));
        }
    }

    /** {@code GET /entry/SLUG}: one entry, or the 404 page. */
    static final class Show extends BlogHandler {
        Show(BlogStore store) {
            super(store);
        }

        @Override
        public void get() {
            String slug = pathArg("slug");
            Entry entry = find(s -> s.bySlug(slug));
            if (entry == null) {
                throw new HttpError(404);
            }
            render("blog/entry.jte", Map.of("entry", entry));
        }
    }

    /** {@code GET /feed}: an Atom feed of the latest {@value #FEED_ENTRIES} entries. */
    static final class Feed extends BlogHandler {
        Feed(BlogStore store) {
            super(store);
        }

        @Override
        public void get() {
            List<Entry> entries = db(s -> s.latest(FEED_ENTRIES));
            Instant updated =
                    entries.stream().map(Entry::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
            String base = request().protocol() + "://" + request().host();
            String xml = renderString(
                    "blog/feed.xml.jte",
                    Map.of("baseUrl", base, "updated", Entry.rfc3339(updated), "entries", entries));
            setHeader("Content-Type", "application/atom+xml; charset=UTF-8");
            write(xml);
        }
    }

    /** {@code GET/POST /compose[?id=N]}: write a new entry or edit one; signed-in authors only. */
    static final class Compose extends BlogHandler {
        Compose(BlogStore store) {
            super(store);
        }

        @Authenticated
        @Override
        public void get() {
            String id = getArgumentOrNull("id");
            Entry entry = id == null ? null : find(s -> s.byId(parseId(id)));
            if (id != null && entry == null) {
                throw new HttpError(404);
            }
            show(entry, id, null);
        }

        @Authenticated
        @Override
        public void post() {
            String id = getArgumentOrNull("id");
            String title = getArgument("title").strip();
            String markdown = getArgument("markdown");
            if (title.isEmpty()) {
                setStatus(400);
                show(null, id, "An entry needs a title.");
                return;
            }
            Author author = (Author) java.util.Objects.requireNonNull(currentUser(), "@Authenticated");
            Entry saved =
                    find(s -> id == null ? s.create(author, title, markdown) : s.update(parseId(id), title, markdown));
            if (saved == null) {
                throw new HttpError(404);
            }
            redirect(reverseUrl("entry", saved.slug()));
        }

        private void show(@Nullable Entry entry, @Nullable String id, @Nullable String error) {
            Map<String, @Nullable Object> model = new java.util.HashMap<>();
            model.put("id", id);
            model.put("title", entry == null ? getArgument("title", "") : entry.title());
            model.put("markdown", entry == null ? getArgument("markdown", "") : entry.markdown());
            model.put("error", error);
            render("blog/compose.jte", model);
        }

        private static long parseId(String id) {
            try {
                return Long.parseLong(id);
            } catch (NumberFormatException e) {
                throw new HttpError(400, null, "compose: id is not a number: " + id);
            }
        }
    }

    /** {@code ${page.module("Entry", entry)}}: one entry, as the home page, the archive and its own page show it. */
    static final class EntryModule extends UIModule {
        @Override
        public String render(@Nullable Object... args) {
            return renderString("blog/modules/entry.jte", Map.of("entry", java.util.Objects.requireNonNull(args[0])));
        }
    }

    /** Any other path: the 404 page. */
    static final class NotFound extends BlogHandler {
        NotFound(BlogStore store) {
            super(store);
        }

        @Override
        public void prepare() {
            throw new HttpError(404);
        }
    }
}
