package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * XSRF tokens in Tornado 6's format. Without Tornado on the machine, the test builds tokens with its own
 * implementation of Tornado's algorithm — v2 = "2|" + hex(mask) + "|" + hex(token XOR mask) + "|" + timestamp —
 * and checks both directions; one vector was also computed with Python following Tornado's xsrf_token.
 */
class XsrfTokensTest {
    static final byte[] TOKEN = new byte[16];
    static final byte[] MASK = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

    static {
        for (int i = 0; i < 16; i++) {
            TOKEN[i] = (byte) i;
        }
    }

    /** Tornado's xsrf_token for version 2, written again in the test. */
    static String tornadoToken(byte[] token, byte[] mask, long ts) {
        byte[] masked = new byte[token.length];
        for (int i = 0; i < token.length; i++) {
            masked[i] = (byte) (token[i] ^ mask[i % 4]);
        }
        HexFormat hex = HexFormat.of();
        return "2|" + hex.formatHex(mask) + "|" + hex.formatHex(masked) + "|" + ts;
    }

    /** Tornado's _decode_xsrf_token for version 2, written again: the raw token. */
    static byte[] tornadoDecode(String token) {
        String[] parts = token.split("\\|");
        byte[] mask = HexFormat.of().parseHex(parts[1]);
        byte[] masked = HexFormat.of().parseHex(parts[2]);
        byte[] out = new byte[masked.length];
        for (int i = 0; i < masked.length; i++) {
            out[i] = (byte) (masked[i] ^ mask[i % mask.length]);
        }
        return out;
    }

    @Test
    void aTokenBuiltAsTornadoBuildsItDecodesToTheSameBytes() {
        String tornado = tornadoToken(TOKEN, MASK, 1_765_000_000L);
        assertEquals("2|deadbeef|deacbcecdaa8b8e8d6a4b4e4d2a0b0e0|1765000000", tornado); // Python, same algorithm
        XsrfTokens.Token t = XsrfTokens.decode(tornado, 0);
        assertEquals(2, t.version());
        assertArrayEquals(TOKEN, t.bytes());
        assertEquals(1_765_000_000L, t.timestamp());
    }

    @Test
    void aTokenSquallIssuesDecodesInTheIndependentImplementation() {
        String squall = XsrfTokens.encode(TOKEN, 1_765_000_000L);
        assertTrue(squall.matches("2\\|[0-9a-f]{8}\\|[0-9a-f]{32}\\|1765000000"), squall);
        assertArrayEquals(TOKEN, tornadoDecode(squall));
        assertEquals(tornadoToken(TOKEN, MASK, 5), XsrfTokens.encode(TOKEN, MASK, 5));
    }

    @Test
    void eachEncodingIsMaskedAfreshButMatches() {
        String a = XsrfTokens.encode(TOKEN, 1);
        String b = XsrfTokens.encode(TOKEN, 1);
        assertNotEquals(a, b);
        assertTrue(XsrfTokens.matches(XsrfTokens.decode(a, 0), XsrfTokens.decode(b, 0)));
    }

    @Test
    void version1TokensAreHexOrTheTextItself() {
        XsrfTokens.Token hex = XsrfTokens.decode(HexFormat.of().formatHex(TOKEN), 7);
        assertEquals(1, hex.version());
        assertArrayEquals(TOKEN, hex.bytes());
        assertEquals(7, hex.timestamp());
        assertTrue(XsrfTokens.matches(hex, XsrfTokens.decode(tornadoToken(TOKEN, MASK, 1), 0)));
        assertArrayEquals("not-hex".getBytes(), XsrfTokens.decode("not-hex", 0).bytes());
    }

    @Test
    void malformedTokensDecodeToNull() {
        assertNull(XsrfTokens.decode("2|zz|00|1", 0));
        assertNull(XsrfTokens.decode("2|dead|00", 0));
        assertNull(XsrfTokens.decode("2||00|1", 0));
        assertNull(XsrfTokens.decode("2|dead|00|x", 0));
        assertNull(XsrfTokens.decode("3|a|b|c", 0));
        assertNull(XsrfTokens.decode("", 0));
        assertFalse(XsrfTokens.matches(XsrfTokens.decode("aa", 0), XsrfTokens.decode("ab", 0)));
    }
}
