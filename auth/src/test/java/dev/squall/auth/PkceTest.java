package dev.squall.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PkceTest {
    @Test
    void s256ChallengeMatchesRfc7636AppendixB() {
        assertEquals(
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                Pkce.challengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void newVerifiersAre43UnreservedCharactersAndDiffer() {
        String a = Pkce.newVerifier();
        assertEquals(43, a.length());
        Pkce.challengeS256(a); // valid
        assertNotEquals(a, Pkce.newVerifier());
    }

    @Test
    void shortOrInvalidVerifiersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Pkce.challengeS256("short"));
        assertThrows(IllegalArgumentException.class, () -> Pkce.challengeS256("x".repeat(42) + "+"));
    }
}
