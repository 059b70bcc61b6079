package dev.squall.auth;

import com.squareup.moshi.Moshi;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A fake OpenID Connect provider on one host: discovery, authorization, token (with a signed ID token) and
 * key set, with switches for the ways a token can be wrong and for key rotation.
 */
final class FakeOidc {
    static final KeyPair RSA_1 = generate("RSA");
    static final KeyPair RSA_2 = generate("RSA");
    static final KeyPair RSA_3 = generate("RSA");

    final String issuer;
    final String alg;
    final FakeOAuth2 oauth;
    final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
    final AtomicInteger jwksFetches = new AtomicInteger();
    volatile List<String> publishedKids;
    volatile String signingKid;
    volatile UnaryOperator<Map<String, Object>> claims = c -> c;
    volatile boolean tamper;

    FakeOidc(String issuer, String alg, String clientId, String clientSecret) {
        this.issuer = issuer;
        this.alg = alg;
        this.oauth = new FakeOAuth2(clientId, clientSecret);
        if (alg.equals("RS256")) {
            keys.put("k1", RSA_1);
            keys.put("k2", RSA_2);
            keys.put("k3", RSA_3);
        } else {
            keys.put("k1", generate("EC"));
            keys.put("k2", generate("EC"));
            keys.put("k3", generate("EC"));
        }
        publishedKids = List.of("k1");
        signingKid = "k1";
        oauth.extraTokenMembers = grant -> Map.of("id_token", idToken(grant.nonce()));
    }

    Application app() {
        String prefix = java.net.URI.create(issuer).getPath(); // a realm's path: /realms/main
        return Application.builder()
                .route(prefix + "/.well-known/openid-configuration", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        write(Map.of(
                                "issuer", issuer,
                                "authorization_endpoint", issuer + "/authorize",
                                "token_endpoint", issuer + "/token",
                                "jwks_uri", issuer + "/certs",
                                "id_token_signing_alg_values_supported", List.of(alg)));
                    }
                })
                .route(prefix + "/authorize", oauth::authorize)
                .route(prefix + "/token", oauth::token)
                .route(prefix + "/certs", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        jwksFetches.incrementAndGet();
                        List<Map<String, Object>> list = new ArrayList<>();
                        for (String kid : publishedKids) {
                            list.add(jwk(kid, keys.get(kid)));
                        }
                        write(Map.of("keys", list));
                    }
                })
                .build();
    }

    String idToken(String nonce) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", issuer);
        c.put("sub", "user-1");
        c.put("aud", oauth.clientId);
        c.put("exp", now + 600);
        c.put("iat", now);
        if (nonce != null) {
            c.put("nonce", nonce);
        }
        c.put("email", "ada@example.com");
        c.put("email_verified", true);
        c.put("name", "Ada Lovelace");
        return sign(claims.apply(c), signingKid);
    }

    String sign(Map<String, Object> payload, String kid) {
        Moshi moshi = new Moshi.Builder().build();
        String header = b64(moshi.adapter(Map.class).toJson(Map.of("alg", alg, "kid", kid, "typ", "JWT")));
        String body = b64(moshi.adapter(Map.class).toJson(payload));
        String input = header + "." + body;
        try {
            Signature s = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            s.initSign(keys.get(kid).getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
            if (tamper) {
                body = b64(moshi.adapter(Map.class).toJson(Map.of("sub", "admin", "iss", issuer)));
            }
            return header + "." + body + "." + signature;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> jwk(String kid, KeyPair pair) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kid", kid);
        m.put("use", "sig");
        if (pair.getPublic() instanceof RSAPublicKey rsa) {
            m.put("kty", "RSA");
            m.put("alg", "RS256");
            m.put("n", unsigned(rsa.getModulus(), 0));
            m.put("e", unsigned(rsa.getPublicExponent(), 0));
        } else {
            ECPublicKey ec = (ECPublicKey) pair.getPublic();
            m.put("kty", "EC");
            m.put("crv", "P-256");
            m.put("x", unsigned(ec.getW().getAffineX(), 32));
            m.put("y", unsigned(ec.getW().getAffineY(), 32));
        }
        return m;
    }

    private static String unsigned(BigInteger n, int length) {
        byte[] b = n.toByteArray();
        if (b[0] == 0 && b.length > 1) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (length > b.length) {
            byte[] padded = new byte[length];
            System.arraycopy(b, 0, padded, length - b.length, b.length);
            b = padded;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static KeyPair generate(String type) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type);
            if (type.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
