import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import org.junit.jupiter.api.Test;

@SquallTest
class HelloTest {
    static Application app() { return Hello.app(); }

    @Test void saysHello(TestClient client) {
        HttpResponse r = client.fetch("/");
        assertEquals(200, r.code());
        assertEquals("Hello, world", r.bodyText());
    }
}
