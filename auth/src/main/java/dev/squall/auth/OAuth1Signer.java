package dev.squall.auth;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849 section 3.4): the signature base string, the signature
 * and the {@code Authorization: OAuth ...} header. Stateless and thread-safe.
 */
public final class OAuth1Signer {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private OAuth1Signer() {}

    /**
     * Percent-encodes text as RFC 5849 section 3.6 says: UTF-8, everything but {@code A-Z a-z 0-9 - . _ ~}
     * escaped, uppercase hex (so a space is {@code %20}, never {@code +}).
     *
     * @param text the text
     * @return the encoded text
     */
    public static String percentEncode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    /**
     * Returns the signature base string of a request (RFC 5849 section 3.4.1).
     *
     * @param method the HTTP method
     * @param url the request URL; its query's parameters are signed too, and its scheme, host and port are
     *     normalized (lowercase, default port left out)
     * @param params the other parameters, decoded: the {@code oauth_*} protocol parameters (without
     *     {@code oauth_signature}) and a form body's fields
     * @return the base string
     */
    public static String baseString(String method, String url, List<Map.Entry<String, String>> params) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String baseUri =
                scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;

        List<String[]> encoded = new ArrayList<>();
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (Map.Entry<String, String> e : parseForm(query)) {
                encoded.add(new String[] {percentEncode(e.getKey()), percentEncode(e.getValue())});
            }
        }
        for (Map.Entry<String, String> e : params) {
            if (!e.getKey().equals("oauth_signature")) {
                encoded.add(new String[] {percentEncode(e.getKey()), percentEncode(e.getValue())});
            }
        }
        // sorted by encoded name, then value, in byte order (the encoded strings are ASCII)
        encoded.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder normalized = new StringBuilder();
        for (String[] p : encoded) {
            if (!normalized.isEmpty()) {
                normalized.append('&');
            }
            normalized.append(p[0]).append('=').append(p[1]);
        }
        return method.toUpperCase(Locale.ROOT) + "&" + percentEncode(baseUri) + "&"
                + percentEncode(normalized.toString());
    }

    /**
     * Returns the HMAC-SHA1 signature of a base string (RFC 5849 section 3.4.2), base64-encoded.
     *
     * @param baseString the base string
     * @param consumerSecret the client's shared secret
     * @param tokenSecret the token's secret, or null (an empty one) before there is a token
     * @return the signature, the value of {@code oauth_signature}
     */
    public static String hmacSha1(String baseString, String consumerSecret, @Nullable String tokenSecret) {
        String key = percentEncode(consumerSecret) + "&" + percentEncode(tokenSecret == null ? "" : tokenSecret);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA1", e);
        }
    }

    /**
     * Returns the {@code Authorization} header value for protocol parameters (RFC 5849 section 3.5.1):
     * {@code OAuth name="value", ...}, names and values percent-encoded.
     *
     * @param oauthParams the {@code oauth_*} parameters, {@code oauth_signature} included
     * @return the header value
     */
    public static String authorizationHeader(Map<String, String> oauthParams) {
        StringBuilder sb = new StringBuilder("OAuth ");
        boolean first = true;
        for (Map.Entry<String, String> e : oauthParams.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(percentEncode(e.getKey()))
                    .append("=\"")
                    .append(percentEncode(e.getValue()))
                    .append('"');
        }
        return sb.toString();
    }

    /** Parses {@code application/x-www-form-urlencoded} text into decoded pairs, in order. */
    static List<Map.Entry<String, String>> parseForm(String form) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        int start = 0;
        while (start <= form.length()) {
            int amp = form.indexOf('&', start);
            int end = amp < 0 ? form.length() : amp;
            if (end > start) {
                String pair = form.substring(start, end);
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                pairs.add(Map.entry(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8)));
            }
            start = end + 1;
        }
        return pairs;
    }
}
