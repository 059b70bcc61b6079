package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardedHeadersTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3.4",
                "0.0.0.0",
                "255.255.255.255",
                "::",
                "::1",
                "fe80::1",
                "2001:db8::",
                "2001:db8:0:0:0:0:2:1",
                "::ffff:192.0.2.1",
                "1:2:3:4:5:6:7:8",
                "1::8"
            })
    void recognisesIpLiterals(String ip) {
        assertTrue(ForwardedHeaders.isValidIp(ip), ip);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "1.2.3.4 ",
                "a.b.c.d",
                "1234.1.1.1",
                ":::",
                "1:2:3:4:5:6:7:8:9",
                "1::2::3",
                "12345::",
                "::g",
                "1:2:3:4:5:6:7",
                ":1",
                "1:",
                "example.com",
                "1.2.3.4:80",
                "fe80::1%eth0"
            })
    void refusesEverythingElse(String ip) {
        assertFalse(ForwardedHeaders.isValidIp(ip), ip);
    }

    @Test
    void fallsBackToThePeerWhenTheHeadersSayNothingUsable() {
        HttpHeaders h = new HttpHeaders().add("X-Forwarded-For", "unknown");
        assertEquals("10.0.0.1", ForwardedHeaders.remoteIp(h, "10.0.0.1", Set.of()));
        assertEquals("10.0.0.1", ForwardedHeaders.remoteIp(new HttpHeaders(), "10.0.0.1", Set.of()));
    }

    @Test
    void takesTheLeftMostAddressWhenAllAreTrusted() {
        HttpHeaders h = new HttpHeaders().add("X-Forwarded-For", "1.1.1.1, 2.2.2.2");
        assertEquals("1.1.1.1", ForwardedHeaders.remoteIp(h, "10.0.0.1", Set.of("1.1.1.1", "2.2.2.2")));
    }
}
