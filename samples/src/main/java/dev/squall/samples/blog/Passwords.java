package dev.squall.samples.blog;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with the JDK's PBKDF2-HMAC-SHA256: a random 16-byte salt per password, {@value #ITERATIONS}
 * iterations (OWASP's 2023 minimum for this function), a 256-bit key, stored as
 * {@code pbkdf2-sha256$iterations$salt$hash} (base64) so the count can be raised later without breaking old
 * hashes. Deliberately slow — tens to hundreds of milliseconds of CPU — so it never runs on the loop: the
 * handlers call it inside {@code offLoop}.
 */
public final class Passwords {
    /** PBKDF2 iterations for new hashes. */
    public static final int ITERATIONS = 210_000;

    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked when an e-mail address is unknown, so that the answer takes as long as for a wrong password. */
    private static final String DUMMY = hash("not a password");

    private Passwords() {}

    /**
     * Hashes a password with a new salt. Blocking (slow on purpose): call it off the loop.
     *
     * @param password the password
     * @return the encoded hash
     */
    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    /**
     * Checks a password against an encoded hash in constant time. Blocking (slow on purpose): call it off the
     * loop.
     *
     * @param password the password given
     * @param encoded a hash made by {@link #hash}, or null for an unknown user (a dummy hash is checked instead,
     *     so the time does not tell whether the user exists, and false is returned)
     * @return whether the password matches
     */
    public static boolean verify(String password, @org.jspecify.annotations.Nullable String encoded) {
        String[] parts = (encoded == null ? DUMMY : encoded).split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = pbkdf2(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual) && encoded != null;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
