package dev.squall.samples.styles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The styles sample over real HTTP/1.1: every style gives the same answer, so the benchmark compares like with like. */
@SquallTest
class StylesSampleTest {
    static Application app() {
        return StylesSample.app();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/plain/plaintext",
                "/async/plaintext",
                "/coroutine/plaintext",
                "/async/wait",
                "/coroutine/wait",
                "/suspend/plaintext",
                "/suspend/wait"
            })
    void everyStyleAnswersTheSamePlaintext(String path, TestClient client) {
        HttpResponse r = client.fetch(path);
        assertEquals(200, r.code());
        assertEquals(StylesSample.MESSAGE, r.bodyText());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("13", r.header("Content-Length"));
    }
}
