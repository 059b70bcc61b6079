package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed values in Tornado 6's format. Tornado is not installed on the build machine, so compatibility is
 * proven against (a) the reference vector from Tornado's own test suite, (b) vectors computed with Python's
 * standard {@code hmac}/{@code base64} following Tornado's {@code create_signed_value} line by line, and (c) an
 * independent re-implementation of the format in this test with the JDK's {@link Mac}, which shares no code
 * with {@link SignedValues}.
 */
class SignedValuesTest {
    static final String SECRET = "It's a secret to everybody";
    static final long TS = 1_300_000_000L;
    /** Tornado's test_web.SignedValueTest reference: create_signed_value(SECRET, "key", "value", clock=1300000000). */
    static final String TORNADO_V2 =
            "2|1:0|10:1300000000|3:key|8:dmFsdWU=|3d4e60b996ff9c5d5788e333a0cba6f238a22c6c0f94788870e1a9ecd482e152";

    static final String TORNADO_V1 = "dmFsdWU=|1300000000|31c934969f53e48164c50768b40cbd7e2daaaa4f";

    private final SignedValues signer = SignedValues.of(SECRET);
    private final Logger log = Logger.getLogger("dev.squall.security");
    private Level savedLevel;

    @BeforeEach
    void debugLogging() {
        savedLevel = log.getLevel();
        log.setLevel(Level.ALL);
    }

    @AfterEach
    void restoreLogging() {
        log.setLevel(savedLevel);
    }

    /** Tornado's algorithm, written again from its description with a JDK Mac (not the production code). */
    static String tornadoSign(String secret, String name, String value, long ts, int keyVersion) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        String toSign = String.join(
                "|", "2", field(Integer.toString(keyVersion)), field(Long.toString(ts)), field(name), field(b64), "");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return toSign + HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    }

    private static String field(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + ":" + s;
    }

    /** Tornado's _decode_signed_value_v2, written again: the value, or null. */
    static String tornadoVerify(String secret, String name, String signed) throws Exception {
        String[] f = new String[4];
        String rest = signed.substring(2);
        for (int i = 0; i < 4; i++) {
            int colon = rest.indexOf(':');
            int n = Integer.parseInt(rest.substring(0, colon));
            f[i] = rest.substring(colon + 1, colon + 1 + n);
            rest = rest.substring(colon + 2 + n);
        }
        String signedPart = signed.substring(0, signed.length() - rest.length());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(signedPart.getBytes(StandardCharsets.UTF_8)));
        if (!expected.equals(rest) || !f[2].equals(name)) {
            return null;
        }
        return new String(Base64.getDecoder().decode(f[3]), StandardCharsets.UTF_8);
    }

    @Test
    void signsTornadosReferenceVectorByteForByte() {
        assertEquals(TORNADO_V2, signer.sign("key", "value", TS));
    }

    @Test
    void verifiesTornadosReferenceVector() {
        assertEquals("value", signer.verify("key", TORNADO_V2, TS + 10, SignedValues.DEFAULT_MAX_AGE));
    }

    @Test
    void agreesWithAnIndependentImplementationOnAnotherVector() throws Exception {
        String name = "user";
        String value = "m\u00e9lanie|42";
        long ts = 1_765_000_000L;
        String independent = tornadoSign("squall-and-tornado", name, value, ts, 0);
        // The same value computed with Python's hmac and base64 following Tornado's create_signed_value:
        assertEquals(
                "2|1:0|10:1765000000|4:user|16:bcOpbGFuaWV8NDI=|"
                        + "aa435a5db7e66a9558e8431c8d6930291b085ff6c6a35393bd1652b047885763",
                independent);
        SignedValues s = SignedValues.of("squall-and-tornado");
        assertEquals(independent, s.sign(name, value, ts));
        assertEquals(value, s.verify(name, independent, ts, SignedValues.DEFAULT_MAX_AGE));
        // and the other way: what Squall signs now verifies in the re-implementation
        String squall = s.sign("session", "abc", 1_765_000_123L);
        assertEquals("abc", tornadoVerify("squall-and-tornado", "session", squall));
    }

    @Test
    void keyRotationSignsWithTheCurrentKeyAndVerifiesEveryListedKey() throws Exception {
        String oldSecret = "ajklasdf0ojaisdf";
        String newSecret = "aslkjasaolwkjsdf";
        SignedValues before = SignedValues.of(Map.of(0, oldSecret), 0);
        SignedValues rotated = SignedValues.of(Map.of(0, oldSecret, 1, newSecret), 1);
        String old = before.sign("key", "value", TS);
        String fresh = rotated.sign("key", "value", TS);
        // Python hmac, following Tornado with cookie_secret={0: ..., 1: ...} and key_version=1:
        assertEquals(
                "2|1:1|10:1300000000|3:key|8:dmFsdWU=|"
                        + "df37e8800ccd18603ab77297b99df872de42561f1ebd2512c600c7b19ca1760c",
                fresh);
        assertEquals(tornadoSign(newSecret, "key", "value", TS, 1), fresh);
        assertEquals("value", rotated.verify("key", old, TS, SignedValues.DEFAULT_MAX_AGE));
        assertEquals("value", rotated.verify("key", fresh, TS, SignedValues.DEFAULT_MAX_AGE));
        SignedValues retired = SignedValues.of(Map.of(1, newSecret), 1);
        try (LogCapture logs = new LogCapture("dev.squall.security")) {
            assertNull(retired.verify("key", old, TS, SignedValues.DEFAULT_MAX_AGE));
            assertTrue(
                    logs.messages().get(0).contains("key version 0"),
                    logs.messages().toString());
        }
    }

    @Test
    void everyInvalidValueReadsAsAbsentWithADebugLineSayingWhy() {
        long now = TS + 10;
        Duration age = SignedValues.DEFAULT_MAX_AGE;
        String tampered = TORNADO_V2.replace("dmFsdWU=", "dmFsdWF=");
        List<String> cases = List.of(
                tampered, // value changed
                TORNADO_V2.substring(0, TORNADO_V2.length() - 1) + "3", // signature changed
                "2|1:0|10:1300000000|3:key", // truncated
                "2|x:0|garbage", // malformed lengths
                "2|1:0|99:1300000000|3:key|8:dmFsdWU=|00", // length past the end
                "", // empty
                "3|anything", // unknown version
                TORNADO_V1); // v1 not accepted by default
        try (LogCapture logs = new LogCapture("dev.squall.security")) {
            for (String c : cases) {
                assertNull(signer.verify("key", c, now, age), c);
            }
            assertNull(signer.verify("other", TORNADO_V2, now, age)); // wrong name
            assertNull(signer.verify("key", TORNADO_V2, TS + 32L * 86400, age)); // expired after 31 days
            assertNull(signer.verify("key", signer.sign("key", "v", now + 40L * 86400), now, age)); // future
            assertNull(SignedValues.of("another secret").verify("key", TORNADO_V2, now, age)); // other key
            List<String> m = logs.messages();
            assertTrue(m.stream().anyMatch(s -> s.contains("signature does not match")), m.toString());
            assertTrue(m.stream().anyMatch(s -> s.contains("malformed")), m.toString());
            assertTrue(m.stream().anyMatch(s -> s.contains("another name")), m.toString());
            assertTrue(m.stream().anyMatch(s -> s.contains("expired")), m.toString());
            assertTrue(m.stream().anyMatch(s -> s.contains("future")), m.toString());
            assertTrue(m.stream().anyMatch(s -> s.contains("format version 1")), m.toString());
        }
        assertEquals("value", signer.verify("key", TORNADO_V2, TS + 30L * 86400, age)); // 30 days: still fine
    }

    @Test
    void version1IsReadOnlyWhenAskedFor() {
        SignedValues v1 = signer.acceptingVersion1();
        assertEquals(TORNADO_V1, v1.signVersion1("key", "value", TS));
        assertEquals("value", v1.verify("key", TORNADO_V1, TS, SignedValues.DEFAULT_MAX_AGE));
        assertEquals("value", v1.verify("key", TORNADO_V2, TS, SignedValues.DEFAULT_MAX_AGE));
        assertNull(v1.verify(
                "key", TORNADO_V1.replace("|1300000000|", "|01300000000|"), TS, SignedValues.DEFAULT_MAX_AGE));
        assertThrows(
                IllegalStateException.class,
                () -> SignedValues.of(Map.of(1, "a"), 1).acceptingVersion1());
    }

    @Test
    void version1ValuesAgeAsVersion2Values() {
        SignedValues v1 = signer.acceptingVersion1();
        Duration age = SignedValues.DEFAULT_MAX_AGE;
        try (LogCapture logs = new LogCapture("dev.squall.security")) {
            assertNull(v1.verify("key", TORNADO_V1, TS + 32L * 86400, age)); // expired after 31 days
            assertNull(v1.verify("key", v1.signVersion1("key", "v", TS + 40L * 86400), TS, age)); // future
            List<String> m = logs.messages();
            assertTrue(m.stream().anyMatch(s -> s.contains("expired")), m.toString());
            assertTrue(m.stream().anyMatch(s -> s.contains("future")), m.toString());
        }
        assertEquals("value", v1.verify("key", TORNADO_V1, TS + 30L * 86400, age)); // 30 days: still fine
    }

    @Test
    void bytesSurviveTheRoundTrip() {
        byte[] data = {0, -1, 127, -128, 10};
        String signed = signer.sign("bin", data, TS);
        assertArrayEquals(data, signer.verifyBytes("bin", signed, TS, SignedValues.DEFAULT_MAX_AGE));
    }

    @Test
    void aMapWithoutTheCurrentVersionIsRefusedWithTheVersionsItHas() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SignedValues.of(Map.of(1, "a", 2, "b"), 3));
        assertEquals("the current key version 3 has no secret; the map has versions [1, 2]", e.getMessage());
    }
}
