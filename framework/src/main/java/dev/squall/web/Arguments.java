package dev.squall.web;

import dev.squall.escape.Escape;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Request arguments (query string or form body) as raw bytes by name, decoded only when read so that a
 * request pays nothing for arguments its handler never looks at.
 */
final class Arguments {
    static final Arguments EMPTY = new Arguments(Map.of());

    private final Map<String, List<byte[]>> values;

    private Arguments(Map<String, List<byte[]>> values) {
        this.values = values;
    }

    Arguments() {
        this(new LinkedHashMap<>());
    }

    void add(String name, byte[] value) {
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    /** Returns the raw values of {@code name}, in order; empty when absent. */
    List<byte[]> raw(String name) {
        List<byte[]> v = values.get(name);
        return v != null ? v : List.of();
    }

    /**
     * Returns the last value of {@code name}, decoded and stripped, or null when absent.
     *
     * @throws HttpError 400 if the value is not valid UTF-8
     */
    @Nullable
    String last(String name) {
        List<byte[]> raw = raw(name);
        return raw.isEmpty() ? null : decode(name, raw.get(raw.size() - 1), true);
    }

    /**
     * Returns every value of {@code name}, decoded, stripped or not.
     *
     * @throws HttpError 400 if a value is not valid UTF-8
     */
    List<String> all(String name, boolean strip) {
        List<byte[]> raw = raw(name);
        if (raw.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(raw.size());
        for (byte[] v : raw) {
            out.add(decode(name, v, strip));
        }
        return Collections.unmodifiableList(out);
    }

    Set<String> names() {
        return values.keySet();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** Returns the union of two argument sets, {@code a}'s values first (Tornado's {@code request.arguments}). */
    static Arguments merge(Arguments a, Arguments b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        Arguments out = new Arguments();
        a.values.forEach((k, v) -> v.forEach(x -> out.add(k, x)));
        b.values.forEach((k, v) -> v.forEach(x -> out.add(k, x)));
        return out;
    }

    /**
     * Parses {@code application/x-www-form-urlencoded} data: pairs split on {@code &}, name and value split at
     * the first {@code =} (a pair without one has an empty value), {@code +} as space, {@code %XX} decoded.
     * Names are decoded as UTF-8 with U+FFFD for malformed bytes; values stay bytes until read.
     */
    static Arguments parseUrlEncoded(byte[] data) {
        if (data.length == 0) {
            return EMPTY;
        }
        Arguments args = new Arguments();
        int start = 0;
        while (start <= data.length) {
            int end = indexOf(data, (byte) '&', start);
            if (end > start) {
                int eq = indexOf(data, (byte) '=', start, end);
                byte[] name = unescape(data, start, eq < 0 ? end : eq);
                byte[] value = eq < 0 ? new byte[0] : unescape(data, eq + 1, end);
                if (name.length > 0 || value.length > 0) {
                    args.add(new String(name, StandardCharsets.UTF_8), value);
                }
            }
            start = end + 1;
        }
        return args;
    }

    static Arguments parseQuery(String query) {
        return query.isEmpty() ? EMPTY : parseUrlEncoded(query.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int indexOf(byte[] data, byte b, int from) {
        int i = indexOf(data, b, from, data.length);
        return i < 0 ? data.length : i;
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] unescape(byte[] data, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b == '+') {
                out[n++] = ' ';
            } else if (b == '%' && i + 2 < to && hex(data[i + 1]) >= 0 && hex(data[i + 2]) >= 0) {
                out[n++] = (byte) (hex(data[i + 1]) << 4 | hex(data[i + 2]));
                i += 2;
            } else {
                out[n++] = b;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static int hex(byte b) {
        return Escape.hexValue((char) (b & 0xff));
    }

    /**
     * Decodes an argument value as Tornado does: strict UTF-8 (malformed bytes are a 400 naming the argument),
     * then the control characters U+0000..U+0008 and U+000E..U+001F replaced by spaces, then optionally
     * stripped of surrounding whitespace.
     *
     * @throws HttpError 400 if the bytes are not valid UTF-8
     */
    static String decode(String name, byte[] raw, boolean strip) {
        String s = decodeUtf8(raw);
        if (s == null) {
            throw new HttpError(
                    400,
                    ReasonPhrase.sanitizeReason("Invalid UTF-8 in argument " + name),
                    "Invalid UTF-8 in argument " + name);
        }
        s = replaceControlChars(s);
        return strip ? s.strip() : s;
    }

    /** Strict UTF-8 decoding; null when {@code raw} is not valid UTF-8. */
    static @Nullable String decodeUtf8(byte[] raw) {
        boolean ascii = true;
        for (byte b : raw) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String replaceControlChars(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !isReplacedControl(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (; i < n; i++) {
            if (isReplacedControl(chars[i])) {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    private static boolean isReplacedControl(char c) {
        return c <= 0x08 || c >= 0x0e && c <= 0x1f;
    }
}
