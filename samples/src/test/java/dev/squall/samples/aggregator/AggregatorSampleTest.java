package dev.squall.samples.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Types;
import dev.squall.http.HttpHandler;
import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpResponse;
import dev.squall.samples.Launch;
import dev.squall.testing.FakeService;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.web.Application;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The aggregator against fakes of its upstream hosts: data from the good ones, a reason for each missing one.
 * The handler calls {@code AsyncHttpClient.shared(loop)}, which under the harness reaches the
 * {@link FakeService}s below and nothing else.
 */
@SquallTest
class AggregatorSampleTest {
    /**
     * The limit for each upstream call. The quotes fake never answers, so the page waits this long in wall-clock
     * time (virtual time could not tell when the other answers are in); 2 s leaves the fast fakes room on a loaded
     * machine.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final Type PAGE = Types.newParameterizedType(Map.class, String.class, Object.class);

    static Application app() {
        return AggregatorSample.app(
                List.of(
                        new Upstream("weather", "http://api.weather.example/today"),
                        new Upstream("news", "http://news.example/headlines"),
                        new Upstream("quotes", "http://quotes.example/random"),
                        new Upstream("stocks", "http://stocks.example/quotes")),
                TIMEOUT);
    }

    @FakeService(host = "api.weather.example")
    static HttpHandler weather() {
        return (request, response) -> response.end(200, "application/json", "{\"city\":\"Paris\",\"celsius\":21}");
    }

    /** Takes a little while, well within the limit. */
    @FakeService(host = "news.example")
    static HttpHandler news() {
        return (request, response) -> request.loop()
                .callLater(
                        Duration.ofMillis(50),
                        () -> response.end(200, "application/json", "{\"headlines\":[\"Squall 0.1 released\"]}"));
    }

    /** Never answers. */
    @FakeService(host = "quotes.example")
    static HttpHandler quotes() {
        return (request, response) -> {};
    }

    /** Down. */
    @FakeService(host = "stocks.example")
    static HttpHandler stocks() {
        return (request, response) -> response.end(503, "application/json", "{\"error\":\"market data feed is down\"}");
    }

    @Test
    @SquallTimeout(20) // the page waits TIMEOUT by design
    void mergesAnswersAndNamesTimeoutsAndErrors(TestClient client) {
        HttpResponse r = client.fetch("/");
        assertEquals(200, r.code());
        Map<String, Map<String, Object>> page = r.json(PAGE);
        assertEquals(true, page.get("weather").get("ok"));
        assertEquals("Paris", ((Map<?, ?>) page.get("weather").get("data")).get("city"));
        assertEquals(true, page.get("news").get("ok"));
        assertEquals(Map.of("ok", false, "error", "timed out after 2000 ms"), page.get("quotes"));
        assertEquals(Map.of("ok", false, "error", "HTTP 503 Service Unavailable"), page.get("stocks"));
        Object total = ((Map<?, ?>) page).get("totalMs");
        assertTrue(((Number) total).doubleValue() >= 2000, "the page waited for the timeout, no longer: " + total);
    }

    /**
     * {@code java -jar squall-samples.jar aggregator} as it runs on its own: its in-process fake upstreams on
     * loopback ports, here with the slow one answering at once, so every call but the broken one succeeds.
     */
    @Test
    void theDemoRunsOnItsOwnFakeUpstreams(AsyncHttpClient http, TestLoop loop) {
        try (AggregatorSample.Running running =
                AggregatorSample.start(new Launch(0, "127.0.0.1", 1, List.of()), TIMEOUT, Duration.ZERO)) {
            HttpResponse r =
                    loop.join(http.fetch("http://127.0.0.1:" + running.server().port() + "/"));
            Map<String, Map<String, Object>> page = r.json(PAGE);
            assertEquals(List.of("weather", "news", "quotes", "stocks", "totalMs"), List.copyOf(page.keySet()));
            assertEquals("Paris", ((Map<?, ?>) page.get("weather").get("data")).get("city"));
            assertEquals(true, page.get("news").get("ok"));
            assertEquals(
                    "Simple things should be simple.",
                    ((Map<?, ?>) page.get("quotes").get("data")).get("quote"));
            assertEquals(Map.of("ok", false, "error", "HTTP 503 Service Unavailable"), page.get("stocks"));
        }
    }
}
