package dev.squall.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published examples of RFC 7515 appendix A.2 (RS256) and A.3 (ES256), with the RFC's keys. */
class JwsTest {
    private static final String PAYLOAD =
            "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

    static final String RFC7515_A2 = "eyJhbGciOiJSUzI1NiJ9." + PAYLOAD + "."
            + "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9"
            + "uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB"
            + "_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rq"
            + "Vt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

    static final Map<String, Object> RFC7515_A2_KEY = Map.of(
            "kty", "RSA",
            "n",
                    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-"
                            + "SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBd"
                            + "QOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaG"
                            + "Nj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
            "e", "AQAB");

    static final String RFC7515_A3 = "eyJhbGciOiJFUzI1NiJ9." + PAYLOAD + "."
            + "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

    static final Map<String, Object> RFC7515_A3_KEY = Map.of(
            "kty", "EC",
            "crv", "P-256",
            "x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");

    @Test
    void rs256ExampleOfRfc7515AppendixA2Verifies() {
        Jws jws = Jws.parse(RFC7515_A2);
        assertEquals("RS256", jws.algorithm());
        assertTrue(jws.verify(JsonWebKey.parse(RFC7515_A2_KEY).key()));
        assertTrue(jws.payloadText().contains("\"iss\":\"joe\""));
    }

    @Test
    void es256ExampleOfRfc7515AppendixA3VerifiesWithTheRawRAndSSignature() {
        Jws jws = Jws.parse(RFC7515_A3);
        assertEquals(64, jws.signature().length);
        assertTrue(jws.verify(JsonWebKey.parse(RFC7515_A3_KEY).key()));
    }

    @Test
    void aChangedPayloadOrSignatureDoesNotVerify() {
        String tamperedPayload = RFC7515_A2.replace(PAYLOAD, PAYLOAD.replace('e', 'f'));
        assertFalse(Jws.parse(tamperedPayload)
                .verify(JsonWebKey.parse(RFC7515_A2_KEY).key()));
        String tamperedSignature = RFC7515_A3.substring(0, RFC7515_A3.length() - 1) + "A";
        assertFalse(Jws.parse(tamperedSignature)
                .verify(JsonWebKey.parse(RFC7515_A3_KEY).key()));
    }

    @Test
    void theKeyTypeMustFitTheAlgorithm() {
        // an RS256 token checked against the EC key, and the other way round: no algorithm confusion
        assertFalse(
                Jws.parse(RFC7515_A2).verify(JsonWebKey.parse(RFC7515_A3_KEY).key()));
        assertFalse(
                Jws.parse(RFC7515_A3).verify(JsonWebKey.parse(RFC7515_A2_KEY).key()));
        assertFalse(JsonWebKey.parse(RFC7515_A2_KEY).fits("ES256"));
        assertFalse(JsonWebKey.parse(RFC7515_A2_KEY).fits("HS256"));
    }

    @Test
    void noneAndHmacAlgorithmsAreRefused() {
        String none = "eyJhbGciOiJub25lIn0." + PAYLOAD + ".";
        assertFalse(Jws.parse(none).verify(JsonWebKey.parse(RFC7515_A2_KEY).key()));
    }

    @Test
    void malformedTokensAndKeysAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> Jws.parse("a.b"));
        assertThrows(IllegalArgumentException.class, () -> Jws.parse("!!.e30.e30"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> JsonWebKey.parse(Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB")));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
        assertEquals(
                2,
                JsonWebKey.parseSet(
                                Map.of("keys", java.util.List.of(RFC7515_A2_KEY, RFC7515_A3_KEY, Map.of("kty", "oct"))))
                        .size());
    }
}
