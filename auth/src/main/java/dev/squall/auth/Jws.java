package dev.squall.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A JSON Web Signature in compact form (RFC 7515): {@code BASE64URL(header).BASE64URL(payload).BASE64URL(sig)},
 * as an ID token is. Verifies {@code RS256} (RSASSA-PKCS1-v1_5 with SHA-256) and {@code ES256} (ECDSA P-256
 * with SHA-256, the signature being {@code R || S}, 64 bytes: RFC 7518 section 3.4) with the JDK; every other
 * {@code alg}, {@code none} and the HMAC ones included, is refused, so a token cannot choose a weaker check.
 *
 * @param header the protected header's members
 * @param payload the payload bytes
 * @param signingInput the bytes that were signed (the first two parts, ASCII)
 * @param signature the signature bytes
 */
public record Jws(Map<String, Object> header, byte[] payload, byte[] signingInput, byte[] signature) {

    /** Copies the header. */
    public Jws {
        header = Map.copyOf(header);
    }

    /**
     * Parses a compact JWS.
     *
     * @param compact the token
     * @return the parsed token (not verified)
     * @throws IllegalArgumentException if it does not have three base64url parts or its header is not a JSON
     *     object
     */
    public static Jws parse(String compact) {
        int dot1 = compact.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : compact.indexOf('.', dot1 + 1);
        if (dot1 < 0 || dot2 < 0 || compact.indexOf('.', dot2 + 1) >= 0) {
            throw new IllegalArgumentException("a compact JWS has three parts separated by dots");
        }
        Base64.Decoder decoder = Base64.getUrlDecoder();
        try {
            byte[] headerBytes = decoder.decode(compact.substring(0, dot1));
            Map<String, Object> header;
            try {
                header = Json.object(new String(headerBytes, StandardCharsets.UTF_8), "the JWS header");
            } catch (AuthError e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return new Jws(
                    header,
                    decoder.decode(compact.substring(dot1 + 1, dot2)),
                    compact.substring(0, dot2).getBytes(StandardCharsets.US_ASCII),
                    decoder.decode(compact.substring(dot2 + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a compact JWS: " + e.getMessage(), e);
        }
    }

    /** Returns the header's {@code alg}, or null. */
    public @Nullable String algorithm() {
        return Json.string(header, "alg");
    }

    /** Returns the header's {@code kid}, or null. */
    public @Nullable String keyId() {
        return Json.string(header, "kid");
    }

    /** Returns the payload as UTF-8 text. */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Checks the signature with a public key, for the header's {@code alg}.
     *
     * @param key an RSA key for {@code RS256}, an EC P-256 key for {@code ES256}
     * @return true when the signature is valid; false when it is not, or when {@code alg} is anything but
     *     {@code RS256}/{@code ES256} or does not fit the key's type
     */
    public boolean verify(PublicKey key) {
        String alg = algorithm();
        String jdkName;
        if ("RS256".equals(alg) && key.getAlgorithm().equals("RSA")) {
            jdkName = "SHA256withRSA";
        } else if ("ES256".equals(alg) && key.getAlgorithm().equals("EC") && signature.length == 64) {
            // JWS carries R || S; this JDK name takes that form (plain SHA256withECDSA wants DER)
            jdkName = "SHA256withECDSAinP1363Format";
        } else {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(jdkName);
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature or a key the provider cannot use: not valid
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jws j
                && header.equals(j.header)
                && java.util.Arrays.equals(signingInput, j.signingInput)
                && java.util.Arrays.equals(signature, j.signature);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(signingInput) * 31 + java.util.Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Jws[header=" + header + "]";
    }
}
