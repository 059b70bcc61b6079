package dev.squall.testing.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import org.junit.jupiter.api.Test;

@SquallTest
class ProtocolGuideTest {
    static Application app() { return Hello.app(); }

    // guide: raw connections
    @Test void answersARawRequest(TestClient client) {
        try (RawConnection c = RawConnection.open(client.port())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = c.readResponse();
            assertEquals(200, r.code());
        }
    }
}
