package dev.squall.auth;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A public signing key from a JSON Web Key Set (RFC 7517): an RSA key ({@code n}, {@code e}) or an EC key on
 * P-256 ({@code x}, {@code y}), turned into the JDK's {@link PublicKey}. Other key types are skipped when a
 * set is read.
 *
 * @param kid the key id, or null
 * @param alg the algorithm the key is for ({@code RS256}, {@code ES256}), or null when the set does not say
 * @param use its use ({@code sig}), or null
 * @param key the JDK key
 */
public record JsonWebKey(
        @Nullable String kid,
        @Nullable String alg,
        @Nullable String use,
        PublicKey key) {
    /** The smallest RSA modulus accepted, in bits (RFC 7518 section 3.3). */
    public static final int MIN_RSA_BITS = 2048;

    /**
     * Reads one key.
     *
     * @param jwk the key's members
     * @return the key
     * @throws IllegalArgumentException for a key type other than RSA and EC P-256, a missing member, or an RSA
     *     key under {@link #MIN_RSA_BITS} bits
     */
    public static JsonWebKey parse(Map<String, Object> jwk) {
        String kty = Json.string(jwk, "kty");
        PublicKey key;
        if ("RSA".equals(kty)) {
            key = rsa(member(jwk, "n"), member(jwk, "e"));
        } else if ("EC".equals(kty)) {
            String crv = Json.string(jwk, "crv");
            if (!"P-256".equals(crv)) {
                throw new IllegalArgumentException("only the EC curve P-256 is supported, got crv=" + crv);
            }
            key = ecP256(member(jwk, "x"), member(jwk, "y"));
        } else {
            throw new IllegalArgumentException("only RSA and EC keys are supported, got kty=" + kty);
        }
        return new JsonWebKey(Json.string(jwk, "kid"), Json.string(jwk, "alg"), Json.string(jwk, "use"), key);
    }

    /**
     * Reads the signing keys of a key set ({@code {"keys": [...]}}), skipping those of other types or uses.
     *
     * @param jwks the set's members
     * @return the keys
     */
    public static List<JsonWebKey> parseSet(Map<String, Object> jwks) {
        List<JsonWebKey> keys = new ArrayList<>();
        if (jwks.get("keys") instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map<?, ?>)) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> member = (Map<String, Object>) o;
                try {
                    JsonWebKey key = parse(member);
                    if (key.use() == null || key.use().equals("sig")) {
                        keys.add(key);
                    }
                } catch (IllegalArgumentException unsupported) {
                    // another key type (an encryption key, an Ed25519 key): not one that signs what we verify
                }
            }
        }
        return List.copyOf(keys);
    }

    /**
     * Returns whether this key can verify a signature made with {@code algorithm}: the key type matches
     * ({@code RS256} needs RSA, {@code ES256} EC) and the key's own {@code alg}, when given, is the same.
     *
     * @param algorithm the JWS {@code alg}
     * @return whether the key fits
     */
    public boolean fits(String algorithm) {
        if (alg != null && !alg.equals(algorithm)) {
            return false;
        }
        return switch (algorithm) {
            case "RS256" -> key instanceof RSAPublicKey;
            case "ES256" -> key instanceof ECPublicKey;
            default -> false;
        };
    }

    private static String member(Map<String, Object> jwk, String name) {
        String v = Json.string(jwk, name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("the JWK has no '" + name + "' member");
        }
        return v;
    }

    private static BigInteger unsigned(String base64Url, String what) {
        try {
            return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWK's '" + what + "' is not base64url: " + e.getMessage(), e);
        }
    }

    private static PublicKey rsa(String n, String e) {
        BigInteger modulus = unsigned(n, "n");
        if (modulus.bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException(
                    "RSA keys under " + MIN_RSA_BITS + " bits are refused, got " + modulus.bitLength());
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, unsigned(e, "e")));
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("not a usable RSA key: " + ex.getMessage(), ex);
        }
    }

    private static PublicKey ecP256(String x, String y) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(unsigned(x, "x"), unsigned(y, "y"));
            // the JDK checks that the point is on the curve when the key is used; a point that is not fails there
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("not a usable P-256 key: " + ex.getMessage(), ex);
        }
    }
}
