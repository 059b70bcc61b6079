package dev.squall.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuth1SignerTest {
    /** RFC 5849 section 3.4.1.1: the example request and its signature base string. */
    @Test
    void baseStringMatchesRfc5849Section3411() {
        String base = OAuth1Signer.baseString(
                "POST",
                "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
                List.of(
                        Map.entry("oauth_consumer_key", "9djdj82h48djs9d2"),
                        Map.entry("oauth_token", "kkk9d7dh3k39sjv7"),
                        Map.entry("oauth_signature_method", "HMAC-SHA1"),
                        Map.entry("oauth_timestamp", "137131201"),
                        Map.entry("oauth_nonce", "7d8f3e4a"),
                        Map.entry("c2", ""),
                        Map.entry("a3", "2 q")));
        assertEquals(
                "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540"
                        + "%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m"
                        + "ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
                base);
    }

    /** RFC 5849 section 3.4.1.2: scheme and host lowercased, the default port left out, others kept. */
    @Test
    void baseStringUriIsNormalized() {
        assertEquals(
                "GET&http%3A%2F%2Fexample.com%2Fr%2520v%2FX&id%3D123",
                OAuth1Signer.baseString("GET", "HTTP://EXAMPLE.COM:80/r%20v/X?id=123", List.of()));
        assertEquals(
                "GET&https%3A%2F%2Fwww.example.net%3A8080%2F&q%3D1",
                OAuth1Signer.baseString("GET", "https://www.example.net:8080/?q=1", List.of()));
    }

    /** X's documented example ("Creating a signature"): base string and signature. */
    @Test
    void signatureMatchesXsDocumentedExample() {
        String base = OAuth1Signer.baseString(
                "post",
                "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
                List.of(
                        Map.entry("status", "Hello Ladies + Gentlemen, a signed OAuth request!"),
                        Map.entry("oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"),
                        Map.entry("oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"),
                        Map.entry("oauth_signature_method", "HMAC-SHA1"),
                        Map.entry("oauth_timestamp", "1318622958"),
                        Map.entry("oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"),
                        Map.entry("oauth_version", "1.0")));
        assertEquals(
                "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key"
                        + "%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method"
                        + "%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"
                        + "%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth"
                        + "%2520request%2521",
                base);
        assertEquals(
                "hCtSmYh+iHYCEqBWrE7C7hYmtUk=",
                OAuth1Signer.hmacSha1(
                        base,
                        "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
                        "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"));
    }

    @Test
    void percentEncodingIsRfc3986sUnreservedSetWithUppercaseHex() {
        assertEquals(
                "Ladies%20%2B%20Gentlemen%2C%20%C3%A9~-._", OAuth1Signer.percentEncode("Ladies + Gentlemen, é~-._"));
    }

    @Test
    void authorizationHeaderQuotesEncodedValues() {
        assertEquals(
                "OAuth oauth_consumer_key=\"k\", oauth_signature=\"a%2Bb%3D\"",
                OAuth1Signer.authorizationHeader(new java.util.LinkedHashMap<>(Map.of("oauth_consumer_key", "k")) {
                    {
                        put("oauth_signature", "a+b=");
                    }
                }));
    }

    @Test
    void facebookAppSecretProofIsTheHexHmacSha256OfTheToken() {
        // HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog"), the well-known test value
        assertEquals(
                "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                FacebookAuth.appSecretProof("The quick brown fox jumps over the lazy dog", "key"));
    }
}
