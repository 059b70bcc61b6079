package dev.squall.samples.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Types;
import dev.squall.httpclient.HttpClient;
import dev.squall.httpclient.HttpResponse;
import dev.squall.samples.Launch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The aggregator against its fake upstreams: data from the good ones, a reason for each missing one. */
class AggregatorSampleTest {

    @Test void mergesAnswersAndNamesTimeoutsAndErrors() throws Exception {
        // The slow service never answers within the test; the per-call timeout decides when the page is ready.
        // 2 s leaves the fast services (answering at once, and after 50 ms) room on a loaded machine.
        try (AggregatorSample.Running running = AggregatorSample.start(new Launch(0, "127.0.0.1", 1, List.of()),
                Duration.ofSeconds(2), Duration.ofHours(1));
                HttpClient http = HttpClient.create()) {
            HttpResponse r = http.fetch("http://127.0.0.1:" + running.server().port() + "/");
            Map<String, Map<String, Object>> page = r.json(Types.newParameterizedType(Map.class, String.class, Object.class));
            assertEquals(true, page.get("weather").get("ok"));
            assertEquals("Paris", ((Map<?, ?>) page.get("weather").get("data")).get("city"));
            assertEquals(true, page.get("news").get("ok"));
            assertEquals(Map.of("ok", false, "error", "timed out after 2000 ms"), page.get("quotes"));
            assertEquals(Map.of("ok", false, "error", "HTTP 503 Service Unavailable"), page.get("stocks"));
            Object total = ((Map<?, ?>) page).get("totalMs");
            assertTrue(((Number) total).doubleValue() >= 2000, "the page waited for the timeout, no longer: " + total);
        }
    }
}
