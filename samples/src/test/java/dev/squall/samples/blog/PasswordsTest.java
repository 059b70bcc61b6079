package dev.squall.samples.blog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void theRightPasswordMatchesAndAWrongOneDoesNot() {
        String hash = Passwords.hash("correct horse");
        assertTrue(Passwords.verify("correct horse", hash));
        assertFalse(Passwords.verify("correct horsf", hash));
    }

    @Test
    void eachHashHasItsOwnSaltAndTheIterationCount() {
        String a = Passwords.hash("same");
        String b = Passwords.hash("same");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("pbkdf2-sha256$210000$"), a);
        assertTrue(Passwords.ITERATIONS >= 210_000);
    }

    @Test
    void anUnknownUserNeverMatches() {
        assertFalse(Passwords.verify("not a password", null));
        assertFalse(Passwords.verify("x", "md5$1$a$b"));
    }
}
