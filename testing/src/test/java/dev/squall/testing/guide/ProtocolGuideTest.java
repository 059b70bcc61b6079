package dev.squall.testing.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import org.junit.jupiter.api.Test;

@SquallTest
class ProtocolGuideTest {
    static Application app() {
        return Hello.app();
    }

    // guide: raw connections
    @Test
    void closesWhenAsked(RawConnection c) {
        RawResponse r = c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .readResponse()
                .assertCode(200);
        assertTrue(r.closesConnection());
        c.assertClosed();
    }

    @Test
    void connectsByPort(TestClient client) {
        try (RawConnection c = RawConnection.open(client.port())) {
            assertEquals(
                    "Hello, world",
                    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().bodyText());
        }
    }
}
