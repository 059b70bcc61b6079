package dev.squall.samples.spider;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a crawl did, for the summary and for tests.
 *
 * @param start the URL the crawl started from
 * @param fetched the URLs requested, in the order their answers arrived
 * @param pages answers 2xx
 * @param htmlPages of those, HTML pages whose links were followed
 * @param redirects 3xx answers with a {@code Location}
 * @param errors failed fetches by kind ({@code HTTP 404}, {@code timeout}, {@code connection}, ...), sorted
 * @param offSite distinct URLs on other sites that links or redirects pointed to (not fetched)
 * @param overLimit distinct URLs of the site left unfetched because of {@code --max-pages}
 * @param maxInFlight the most fetches that were in progress at once
 * @param elapsed wall time of the crawl
 * @param finished false if {@code --timeout} stopped the crawl first
 * @param left URLs still queued or in flight when it stopped (0 when finished)
 */
record CrawlReport(
        String start,
        List<String> fetched,
        int pages,
        int htmlPages,
        int redirects,
        Map<String, Integer> errors,
        int offSite,
        int overLimit,
        int maxInFlight,
        Duration elapsed,
        boolean finished,
        int left) {

    /** Copies the collections. */
    CrawlReport {
        fetched = List.copyOf(fetched);
        errors = Map.copyOf(errors);
    }

    /** Returns the number of requests made (each answer or failure counts once). */
    int requests() {
        return fetched.size();
    }

    /** Returns the failed fetches, all kinds together. */
    int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Returns requests per second over the crawl's wall time. */
    double requestsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? requests() / seconds : 0;
    }

    /** Returns the summary printed at the end, a few lines ending with a newline. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(finished ? "Crawled " : "Stopped crawling ")
                .append(start)
                .append(String.format(
                        Locale.ROOT,
                        " in %.2f s: %d pages (%d HTML), %d redirects, %d errors; %d requests, %.1f requests/s%n",
                        elapsed.toNanos() / 1e9,
                        pages,
                        htmlPages,
                        redirects,
                        errorCount(),
                        requests(),
                        requestsPerSecond()));
        if (!errors.isEmpty()) {
            sb.append("Errors:");
            errors.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sb.append(' ').append(e.getKey()).append(" x").append(e.getValue()));
            sb.append('\n');
        }
        sb.append("Not fetched: ")
                .append(offSite)
                .append(" off-site URLs, ")
                .append(overLimit)
                .append(" over --max-pages")
                .append(finished ? "" : ", " + left + " still queued or in flight when --timeout ran out")
                .append('\n');
        return sb.toString();
    }
}
