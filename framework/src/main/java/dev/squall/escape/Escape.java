package dev.squall.escape;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Escaping for HTML and URLs, as Tornado's {@code tornado.escape}.
 *
 * <pre>{@code
 * Escape.xhtmlEscape("<a href='x'>");        // "&lt;a href=&#x27;x&#x27;&gt;"
 * Escape.urlEscape("a b/c");                 // "a+b%2Fc"   (query-string form)
 * Escape.urlEscape("a b/c", false);          // "a%20b/c"   (path form)
 * Escape.urlUnescape("a+b%2Fc");             // "a b/c"
 * Escape.jsonEncode(Map.of("a", "</script>")); // {"a":"<\/script>"}  (safe inside a <script> block)
 * Escape.linkify("see www.example.com");     // see <a href="http://www.example.com">www.example.com</a>
 * Escape.squeeze("  a \n\t b ");             // "a b"
 * Escape.xhtmlUnescape("&lt;b&gt; &#39;");   // "<b> '"
 * }</pre>
 *
 * <p>Pure functions; safe from any thread.
 */
public final class Escape {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Escape() {}

    /**
     * Escapes {@code <}, {@code >}, {@code &}, {@code "} and {@code '} so that {@code value} can be placed in
     * HTML text or a quoted attribute.
     *
     * @param value the text
     * @return the escaped text (the same instance when nothing needed escaping)
     */
    public static String xhtmlEscape(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && replacement(value.charAt(i)) == null) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(value, 0, i);
        for (; i < n; i++) {
            char c = value.charAt(i);
            String r = replacement(c);
            if (r == null) {
                sb.append(c);
            } else {
                sb.append(r);
            }
        }
        return sb.toString();
    }

    private static @Nullable String replacement(char c) {
        return switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#x27;";
            default -> null;
        };
    }

    /**
     * Percent-encodes {@code value} (as UTF-8) for a query string: spaces become {@code +} and {@code /} is
     * escaped. Same as {@code urlEscape(value, true)}.
     *
     * @param value the text
     * @return the encoded text
     */
    public static String urlEscape(String value) {
        return urlEscape(value, true);
    }

    /**
     * Percent-encodes {@code value} as UTF-8. Letters, digits and {@code _.-~} are kept.
     *
     * @param value the text
     * @param plus true for the query-string form (space as {@code +}, {@code /} escaped); false for the path
     *     form (space as {@code %20}, {@code /} kept)
     * @return the encoded text (the same instance when nothing needed encoding)
     */
    public static String urlEscape(String value, boolean plus) {
        int n = value.length();
        int i = 0;
        while (i < n && isUrlSafe(value.charAt(i), plus)) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(value, 0, i);
        byte[] bytes = value.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x80 && isUrlSafe((char) c, plus)) {
                sb.append((char) c);
            } else if (c == ' ' && plus) {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    private static boolean isUrlSafe(char c, boolean plus) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || c == '_'
                || c == '.'
                || c == '-'
                || c == '~'
                || c == '/' && !plus;
    }

    /**
     * Decodes a query-string value: {@code +} becomes a space, {@code %XX} sequences are decoded as UTF-8
     * (malformed UTF-8 becomes U+FFFD). Same as {@code urlUnescape(value, true)}.
     *
     * @param value the encoded text
     * @return the decoded text
     */
    public static String urlUnescape(String value) {
        return urlUnescape(value, true);
    }

    /**
     * Decodes percent-encoded text as UTF-8, replacing malformed UTF-8 with U+FFFD. A {@code %} not followed
     * by two hex digits is kept as is.
     *
     * @param value the encoded text
     * @param plus whether {@code +} means a space (query strings) or itself (paths)
     * @return the decoded text (the same instance when there was nothing to decode)
     */
    public static String urlUnescape(String value, boolean plus) {
        if (value.indexOf('%') < 0 && (!plus || value.indexOf('+') < 0)) {
            return value;
        }
        return new String(urlUnescapeToBytes(value, plus), StandardCharsets.UTF_8);
    }

    /**
     * Decodes percent-encoded text to bytes, for callers that need to validate the encoding themselves.
     * Characters of {@code value} that are not part of a {@code %XX} sequence are taken as ISO-8859-1 bytes
     * (the way an HTTP request line carries raw bytes).
     *
     * @param value the encoded text
     * @param plus whether {@code +} means a space
     * @return the decoded bytes
     */
    public static byte[] urlUnescapeToBytes(String value, boolean plus) {
        int n = value.length();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < n && hexValue(value.charAt(i + 1)) >= 0 && hexValue(value.charAt(i + 2)) >= 0) {
                out.write(hexValue(value.charAt(i + 1)) << 4 | hexValue(value.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plus) {
                out.write(' ');
            } else if (c < 0x100) {
                out.write(c);
            } else {
                int cp = value.codePointAt(i);
                byte[] utf8 = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    /**
     * Returns the value of a hex digit, or -1.
     *
     * @param c a character
     * @return 0..15, or -1 when {@code c} is not a hex digit
     */
    public static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------------
    // JSON, squeeze, unescape, linkify (template helpers: not on the request hot path, so regex is fine)

    private static final Moshi DEFAULT_MOSHI = new Moshi.Builder().build();

    /**
     * Encodes {@code value} as JSON with a plain Moshi (maps, lists, strings, numbers, records) and escapes
     * {@code </} as {@code <\/}, so the result can be placed inside an HTML {@code <script>} block, as
     * Tornado's {@code json_encode}.
     *
     * @param value the value, or null for {@code null}
     * @return JSON text safe inside {@code <script>}
     * @throws IllegalArgumentException if Moshi cannot serialise the value's class
     */
    public static String jsonEncode(@Nullable Object value) {
        return jsonEncode(DEFAULT_MOSHI, value);
    }

    /**
     * Encodes {@code value} as JSON with {@code moshi} (an application's, with its adapters) and escapes
     * {@code </} as {@code <\/}; see {@link #jsonEncode(Object)}.
     *
     * @param moshi the Moshi to serialise with
     * @param value the value, or null
     * @return JSON text safe inside {@code <script>}
     * @throws IllegalArgumentException if Moshi cannot serialise the value's class
     */
    public static String jsonEncode(Moshi moshi, @Nullable Object value) {
        JsonAdapter<Object> adapter = moshi.adapter(Object.class);
        return scriptSafe(adapter.toJson(value));
    }

    /**
     * Makes JSON text safe inside a {@code <script>} block by escaping {@code </} as {@code <\/} (which a
     * JSON parser reads back unchanged).
     *
     * @param json JSON text
     * @return the same JSON with every {@code </} escaped
     */
    public static String scriptSafe(String json) {
        return json.indexOf("</") < 0 ? json : json.replace("</", "<\\/");
    }

    /**
     * Replaces every run of whitespace and control characters (U+0000 to U+0020) with one space and strips
     * the ends, as Tornado's {@code squeeze}.
     *
     * @param value the text
     * @return the squeezed text
     */
    public static String squeeze(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20) {
                space = true;
            } else {
                if (space && sb.length() > 0) {
                    sb.append(' ');
                }
                space = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The named entities {@link #xhtmlUnescape} knows: XML's five and the common HTML 4 ones. */
    private static final Map<String, Integer> ENTITIES = Map.ofEntries(
            Map.entry("amp", 38),
            Map.entry("lt", 60),
            Map.entry("gt", 62),
            Map.entry("quot", 34),
            Map.entry("apos", 39),
            Map.entry("nbsp", 160),
            Map.entry("copy", 169),
            Map.entry("reg", 174),
            Map.entry("trade", 8482),
            Map.entry("hellip", 8230),
            Map.entry("mdash", 8212),
            Map.entry("ndash", 8211),
            Map.entry("lsquo", 8216),
            Map.entry("rsquo", 8217),
            Map.entry("ldquo", 8220),
            Map.entry("rdquo", 8221),
            Map.entry("laquo", 171),
            Map.entry("raquo", 187),
            Map.entry("euro", 8364),
            Map.entry("pound", 163),
            Map.entry("yen", 165),
            Map.entry("cent", 162),
            Map.entry("sect", 167),
            Map.entry("deg", 176),
            Map.entry("plusmn", 177),
            Map.entry("times", 215),
            Map.entry("divide", 247),
            Map.entry("middot", 183),
            Map.entry("para", 182),
            Map.entry("bull", 8226),
            Map.entry("iexcl", 161),
            Map.entry("iquest", 191),
            Map.entry("aacute", 225),
            Map.entry("eacute", 233),
            Map.entry("iacute", 237),
            Map.entry("oacute", 243),
            Map.entry("uacute", 250),
            Map.entry("ntilde", 241),
            Map.entry("uuml", 252),
            Map.entry("Ntilde", 209),
            Map.entry("auml", 228),
            Map.entry("ouml", 246),
            Map.entry("szlig", 223));

    private static final Pattern ENTITY = Pattern.compile("&(#?)(\\w+?);");

    /**
     * Decodes HTML character references, as Tornado's {@code xhtml_unescape}: {@code &#39;} and
     * {@code &#x27;} by number, and named entities ({@code &amp;}, {@code &lt;}, {@code &gt;},
     * {@code &quot;}, {@code &apos;}, {@code &nbsp;} and the common HTML 4 ones). Unknown or invalid
     * references are kept as they are.
     *
     * @param value HTML text
     * @return the decoded text
     */
    public static String xhtmlUnescape(String value) {
        if (value.indexOf('&') < 0) {
            return value;
        }
        Matcher m = ENTITY.matcher(value);
        StringBuilder sb = new StringBuilder(value.length());
        while (m.find()) {
            String name = m.group(2);
            String replacement = null;
            if (!m.group(1).isEmpty()) {
                try {
                    int cp = name.length() > 1 && (name.charAt(0) == 'x' || name.charAt(0) == 'X')
                            ? Integer.parseInt(name.substring(1), 16)
                            : Integer.parseInt(name);
                    if (Character.isValidCodePoint(cp)) {
                        replacement = Character.toString(cp);
                    }
                } catch (NumberFormatException e) {
                    // not a number: kept as it is, as Tornado does
                }
            } else {
                Integer cp = ENTITIES.get(name);
                if (cp != null) {
                    replacement = Character.toString(cp);
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Tornado's {@code _URL_RE}, on Unicode word characters as Python 3's {@code \\w}. */
    private static final Pattern URL = Pattern.compile(
            "\\b((?:([\\w-]+):(/{1,3})|www[.])(?:(?:(?:[^\\s&()]|&amp;|&quot;)*"
                    + "(?:[^!\"#$%&'()*+,.:;<=>?@\\[\\]^`{|}~\\s]))|(?:\\((?:[^\\s&()]|&amp;|&quot;)*\\)))+)",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final List<String> DEFAULT_PROTOCOLS = List.of("http", "https");

    /**
     * HTML-escapes {@code text} and turns the URLs in it into links, with Tornado's defaults: no shortening,
     * no extra attributes, {@code www.} addresses linked without a protocol (as {@code http://}), only
     * {@code http} and {@code https} links. Same as {@code linkify(text, false, "", false, List.of("http",
     * "https"))}.
     *
     * @param text plain text
     * @return HTML: the escaped text with {@code <a href="...">} links
     */
    public static String linkify(String text) {
        return linkify(text, false, "", false, DEFAULT_PROTOCOLS);
    }

    /**
     * HTML-escapes {@code text} and turns the URLs in it into links, as Tornado's {@code linkify}.
     *
     * @param text plain text
     * @param shorten whether to shorten long URLs (over 30 characters) in the link text, with the full URL
     *     in a {@code title} attribute
     * @param extraParams attributes added to each {@code <a>} tag, e.g. {@code rel="nofollow"} (trusted HTML,
     *     not escaped); empty for none
     * @param requireProtocol whether to link only URLs with a protocol (not bare {@code www.} addresses)
     * @param permittedProtocols the protocols that are linked (others are left as text), e.g.
     *     {@code List.of("http", "https")}
     * @return HTML: the escaped text with {@code <a href="...">} links
     */
    public static String linkify(
            String text,
            boolean shorten,
            String extraParams,
            boolean requireProtocol,
            List<String> permittedProtocols) {
        String extra = extraParams.isBlank() ? "" : " " + extraParams.strip();
        String escaped = xhtmlEscape(text);
        Matcher m = URL.matcher(escaped);
        StringBuilder sb = new StringBuilder(escaped.length() + 32);
        while (m.find()) {
            m.appendReplacement(
                    sb, Matcher.quoteReplacement(makeLink(m, shorten, extra, requireProtocol, permittedProtocols)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String makeLink(
            Matcher m, boolean shorten, String extra, boolean requireProtocol, List<String> permitted) {
        String url = m.group(1);
        String proto = m.group(2);
        if (requireProtocol && proto == null || proto != null && !permitted.contains(proto)) {
            return url;
        }
        String href = proto == null ? "http://" + url : url;
        String params = extra;
        int maxLen = 30;
        if (shorten && url.length() > maxLen) {
            String beforeClip = url;
            int protoLen = proto == null
                    ? 0
                    : proto.length() + 1 + (m.group(3) == null ? 0 : m.group(3).length());
            String[] parts = url.substring(protoLen).split("/", -1);
            if (parts.length > 1) {
                // The host and the start of the path's first segment: the rest says little once shortened.
                String first = parts[1].substring(0, Math.min(8, parts[1].length()));
                first = first.split("\\?", -1)[0].split("\\.", -1)[0];
                url = url.substring(0, protoLen) + parts[0] + "/" + first;
            }
            if (url.length() > maxLen * 1.5) {
                url = url.substring(0, maxLen);
            }
            if (!url.equals(beforeClip)) {
                int amp = url.lastIndexOf('&');
                if (amp > maxLen - 5) { // do not cut an entity in half
                    url = url.substring(0, amp);
                }
                url += "...";
                if (url.length() >= beforeClip.length()) {
                    url = beforeClip;
                } else {
                    params += " title=\"" + href + "\"";
                }
            }
        }
        return "<a href=\"" + href + "\"" + params + ">" + url + "</a>";
    }
}
