package dev.squall.samples.spider;

import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The small site the spider's tests crawl, served by the harness: a link graph with cycles, fragments, off-site
 * links, a 404, an on-site and an off-site redirect, a non-HTML resource (whose markup must not be followed), a
 * page that never answers, and a hub of {@value #HUB_PAGES} pages whose answers a gate holds until {@link
 * #gate(int)} requests wait (or the last ones do) — so a test sees the concurrency bound reached and never passed.
 */
public final class TestSite {
    /** The pages under {@code /hub}. */
    public static final int HUB_PAGES = 20;

    private final State site = new State();

    /** Returns the application that serves the site; its state is this object's. */
    public Application app() {
        return Application.builder()
                .route("/.*", () -> new Page(site))
                .logFunction(h -> {})
                .build();
    }

    /** Returns the request targets (path and query) in the order they arrived. Read after the crawl. */
    public List<String> requested() {
        return site.requested;
    }

    /** Returns the most requests the site had in progress at once. Read after the crawl. */
    public int maxInFlight() {
        return site.maxInFlight;
    }

    /** Holds the hub's pages until {@code n} of them wait. Call before the crawl. */
    public void gate(int n) {
        site.gate = n;
    }

    /** The site's state: requests seen, in flight, and the gate over the hub's pages. */
    static final class State {
        final List<String> requested = new ArrayList<>();
        final List<CompletableFuture<Void>> held = new ArrayList<>();
        int inFlight;
        int maxInFlight;
        int hubServed;
        int gate = Integer.MAX_VALUE; // release held hub pages when this many are held
    }

    /** Every page of the site. */
    static final class Page extends AsyncRequestHandler {
        private final State site;

        Page(State site) {
            this.site = site;
        }

        @Override
        public CompletionStage<?> get() {
            String target = request().uri();
            site.requested.add(target);
            site.inFlight++;
            site.maxInFlight = Math.max(site.maxInFlight, site.inFlight);
            CompletionStage<?> answer = answer(target);
            return answer.whenComplete((v, e) -> site.inFlight--);
        }

        private CompletionStage<?> answer(String target) {
            switch (target) {
                case "/" ->
                    html("<a href=\"/a\">a</a> <a href='/b#part'>b</a> <a href=\"/a#top\">a again</a>"
                            + " <a href=\"http://other.example/x\">off</a> <a href=\"mailto:me@example.com\">mail</a>"
                            + " <a href=\"/missing\">404</a> <a href=\"/old\">moved</a> <a href=\"file.txt\">text</a>"
                            + " <a href=\"/away\">away</a> <a href=\"/\">home</a>");
                case "/a" -> html("<a href=\"/\">home</a> <a href=\"b\">b</a> <a href=\"/d?x=1#frag\">d</a>");
                case "/b" -> html("<a href=\"/a\">a</a> <a href=\"/c\">c</a>");
                case "/c" ->
                    html("<a href=\"http://localhost:"
                            + request().headers().get("Host").split(":")[1] + "/\">another host is another site</a>");
                case "/d?x=1" -> html("<p>no links</p>");
                case "/old" -> redirect("/c");
                case "/away" -> redirect("http://elsewhere.example/");
                case "/file.txt" -> {
                    setHeader("Content-Type", "text/plain");
                    write("<a href=\"/hidden\">not a link in a text file</a>");
                }
                case "/hub" -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < HUB_PAGES; i++) {
                        sb.append("<a href=\"/hub/")
                                .append(i)
                                .append("\">")
                                .append(i)
                                .append("</a>\n");
                    }
                    html(sb.toString());
                }
                case "/slow" -> {
                    return new CompletableFuture<Void>(); // never answers: for --timeout
                }
                default -> {
                    if (target.startsWith("/hub/")) {
                        return hubPage();
                    }
                    sendError(404);
                }
            }
            return CompletableFuture.completedFuture(null);
        }

        /** Held until the gate's count of hub pages are waiting (or the last ones are), then all answered. */
        private CompletionStage<?> hubPage() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            site.held.add(f);
            if (site.held.size() >= site.gate || site.hubServed + site.held.size() == HUB_PAGES) {
                List<CompletableFuture<Void>> release = new ArrayList<>(site.held);
                site.held.clear();
                site.hubServed += release.size();
                release.forEach(r -> r.complete(null));
            }
            return f.thenRun(() -> html("<a href=\"/hub\">up</a>"));
        }

        private void html(String body) {
            setHeader("Content-Type", "text/html; charset=UTF-8");
            write("<!doctype html><title>t</title>" + body);
        }
    }
}
