package dev.squall.web;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies values with a secret, in exactly the format of Tornado 6's {@code create_signed_value}
 * and {@code decode_signed_value} — the value inside a signed cookie, so a site can move between Tornado and
 * Squall without logging anyone out. Usable outside handlers (a WebSocket handshake, a job that mails a
 * signed link).
 *
 * <pre>{@code
 * SignedValues signer = SignedValues.of("a long random secret");
 * String token = signer.sign("user", "42", clock.currentTimeMillis() / 1000);
 * String id = signer.verify("user", token, clock.currentTimeMillis() / 1000, SignedValues.DEFAULT_MAX_AGE);
 * }</pre>
 *
 * <h2>Format (version 2, the default)</h2>
 * {@code 2|1:<key version>|<n>:<timestamp>|<n>:<name>|<n>:<base64 value>|<hex HMAC-SHA256>}: each field is
 * prefixed with its length, and the signature covers everything before it including the last {@code |}. The
 * name is signed, so a value signed for one cookie is refused under another name; the timestamp (seconds) is
 * signed, so an old value expires. Version 1 ({@code <base64>|<timestamp>|<hex HMAC-SHA1 of name, value,
 * timestamp>}), Tornado's format before 3.2, is read only by a signer made with {@link #acceptingVersion1()}
 * and written only by {@link #signVersion1}.
 *
 * <h2>Key rotation</h2>
 * {@link #of(Map, int)} takes secrets by key version and the version to sign with (Tornado's
 * {@code cookie_secret} dict and {@code key_version}): values signed with any listed key verify, new ones
 * are signed with the current key, and a key removed from the map stops verifying. With a single secret
 * ({@link #of(String)}) values are signed as key version 0 and the key version is not checked, as Tornado.
 *
 * <h2>Failures</h2>
 * {@code verify} never throws for anything in the value: a tampered, expired, future-dated, malformed,
 * wrong-name or unknown-key-version value returns null, and a DEBUG line on the {@code dev.squall.security}
 * logger says why. Signatures are compared in constant time.
 *
 * <p>Immutable and thread-safe; each thread keeps its own initialised {@link Mac} per key, so signing or
 * verifying costs one HMAC over about 80 bytes (well under a microsecond).
 */
public final class SignedValues {
    /** How old a value may be when verified: 31 days, Tornado's {@code max_age_days}. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(31);
    /** How long a signed cookie lives by default: 30 days, Tornado's {@code expires_days}. */
    public static final int DEFAULT_EXPIRES_DAYS = 30;
    /** Values timestamped further in the future than this are refused (Tornado's check for version 1). */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(31);

    private static final System.Logger LOG = System.getLogger("dev.squall.security");
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Map<Integer, byte[]> secrets;
    private final int keyVersion;
    /** Whether there is one secret (no key-version check) rather than a map of versions. */
    private final boolean single;

    private final boolean acceptVersion1;
    /** Per thread, per key: an initialised HMAC-SHA256 (index = position in {@link #keyVersions}). */
    private final ThreadLocal<Mac[]> macs;

    private final int[] keyVersions;

    private SignedValues(Map<Integer, byte[]> secrets, int keyVersion, boolean single, boolean acceptVersion1) {
        this.secrets = secrets;
        this.keyVersion = keyVersion;
        this.single = single;
        this.acceptVersion1 = acceptVersion1;
        this.keyVersions = secrets.keySet().stream().mapToInt(Integer::intValue).toArray();
        this.macs = ThreadLocal.withInitial(() -> new Mac[keyVersions.length]);
    }

    /**
     * Returns a signer with one secret (key version 0).
     *
     * @param secret the secret: long and random (e.g. 32 bytes from {@code SecureRandom}, base64-encoded)
     * @return the signer
     * @throws IllegalArgumentException if the secret is empty
     */
    public static SignedValues of(String secret) {
        return new SignedValues(Map.of(0, secretBytes(secret, 0)), 0, true, false);
    }

    /**
     * Returns a signer that rotates keys: signs with {@code secrets.get(keyVersion)} and verifies with
     * whichever secret a value names.
     *
     * @param secrets secrets by key version (0 and up)
     * @param keyVersion the version new values are signed with
     * @return the signer
     * @throws IllegalArgumentException if the map is empty, lacks {@code keyVersion}, has a negative version
     *     or an empty secret
     */
    public static SignedValues of(Map<Integer, String> secrets, int keyVersion) {
        if (!secrets.containsKey(keyVersion)) {
            throw new IllegalArgumentException("the current key version " + keyVersion + " has no secret; the "
                    + "map has versions " + new TreeMap<>(secrets).keySet());
        }
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        for (Map.Entry<Integer, String> e : secrets.entrySet()) {
            if (e.getKey() < 0) {
                throw new IllegalArgumentException("key versions are 0 or more, got " + e.getKey());
            }
            keys.put(e.getKey(), secretBytes(e.getValue(), e.getKey()));
        }
        return new SignedValues(Map.copyOf(keys), keyVersion, false, false);
    }

    private static byte[] secretBytes(String secret, int version) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the secret for key version " + version + " is empty");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns a signer like this one that also reads version-1 values (Tornado before 3.2), which are weaker
     * (HMAC-SHA1 without field delimiters); only for sites that still have such cookies. Needs a single
     * secret, as Tornado.
     *
     * @return the signer
     * @throws IllegalStateException if this signer rotates keys
     */
    public SignedValues acceptingVersion1() {
        if (!single) {
            throw new IllegalStateException("version-1 signed values have no key version; they can be read "
                    + "only with a single secret (SignedValues.of(secret))");
        }
        return new SignedValues(secrets, keyVersion, true, true);
    }

    /** Returns the key version new values are signed with. */
    public int keyVersion() {
        return keyVersion;
    }

    /**
     * Signs {@code value} for {@code name} at {@code timestampSeconds}, in format version 2 with the current
     * key.
     *
     * @param name the name the value is for (a cookie's name); part of the signature
     * @param value the value, encoded as UTF-8
     * @param timestampSeconds seconds since the epoch, normally the loop clock's now
     * @return the signed value, ASCII
     */
    public String sign(String name, String value, long timestampSeconds) {
        return sign(name, value.getBytes(StandardCharsets.UTF_8), timestampSeconds);
    }

    /**
     * Signs bytes for {@code name} at {@code timestampSeconds}, in format version 2 with the current key.
     *
     * @param name the name the value is for
     * @param value the bytes
     * @param timestampSeconds seconds since the epoch
     * @return the signed value, ASCII
     */
    public String sign(String name, byte[] value, long timestampSeconds) {
        String b64 = Base64.getEncoder().encodeToString(value);
        String ts = Long.toString(timestampSeconds);
        String kv = Integer.toString(keyVersion);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(40 + nameBytes.length + b64.length() + 64);
        sb.append("2|")
                .append(kv.length())
                .append(':')
                .append(kv)
                .append('|')
                .append(ts.length())
                .append(':')
                .append(ts)
                .append('|')
                .append(nameBytes.length)
                .append(':')
                .append(name)
                .append('|')
                .append(b64.length())
                .append(':')
                .append(b64)
                .append('|');
        byte[] toSign = sb.toString().getBytes(StandardCharsets.UTF_8);
        return sb.append(new String(hex(mac(indexOf(keyVersion), toSign, 0, toSign.length)), StandardCharsets.US_ASCII))
                .toString();
    }

    /**
     * Signs in format version 1 (Tornado before 3.2): only to produce values for an old reader.
     *
     * @param name the name
     * @param value the value, UTF-8
     * @param timestampSeconds seconds since the epoch
     * @return the signed value
     * @throws IllegalStateException if this signer rotates keys (version 1 has no key version)
     */
    public String signVersion1(String name, String value, long timestampSeconds) {
        if (!single) {
            throw new IllegalStateException("version-1 signed values need a single secret");
        }
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        String ts = Long.toString(timestampSeconds);
        return b64 + "|" + ts + "|" + new String(signatureV1(name, b64, ts), StandardCharsets.US_ASCII);
    }

    /**
     * Verifies a signed value and returns what was signed, decoded as UTF-8.
     *
     * @param name the name it must have been signed for
     * @param signed the signed value (a cookie's value), or null
     * @param nowSeconds seconds since the epoch, normally the loop clock's now
     * @param maxAge how old the value may be ({@link #DEFAULT_MAX_AGE} for Tornado's 31 days)
     * @return the value, or null if it is absent, tampered, expired, future-dated, malformed, signed for
     *     another name or with an unknown key, or not UTF-8 (a DEBUG line says which)
     */
    public @Nullable String verify(String name, @Nullable String signed, long nowSeconds, Duration maxAge) {
        byte[] bytes = verifyBytes(name, signed, nowSeconds, maxAge);
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            refuse(name, "its value is not UTF-8");
            return null;
        }
    }

    /**
     * Verifies a signed value and returns the signed bytes.
     *
     * @param name the name it must have been signed for
     * @param signed the signed value, or null
     * @param nowSeconds seconds since the epoch
     * @param maxAge how old the value may be
     * @return the bytes, or null (see {@link #verify})
     */
    public byte @Nullable [] verifyBytes(String name, @Nullable String signed, long nowSeconds, Duration maxAge) {
        if (signed == null || signed.isEmpty()) {
            return null;
        }
        int version = version(signed);
        if (version == 2) {
            return verifyV2(name, signed, nowSeconds, maxAge);
        }
        if (version == 1) {
            if (acceptVersion1) {
                return verifyV1(name, signed, nowSeconds, maxAge);
            }
            refuse(name, "it is in format version 1, which this application does not accept");
            return null;
        }
        refuse(name, "it is in unknown format version " + version);
        return null;
    }

    /** Tornado's {@code _get_version}: {@code ^([1-9][0-9]*)\|}, numbers over 999 meaning version 1. */
    private static int version(String value) {
        int bar = value.indexOf('|');
        if (bar <= 0 || bar > 4 || value.charAt(0) == '0') {
            return 1;
        }
        int v = 0;
        for (int i = 0; i < bar; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return 1;
            }
            v = v * 10 + (c - '0');
        }
        return v > 999 ? 1 : v;
    }

    private byte @Nullable [] verifyV2(String name, String signed, long nowSeconds, Duration maxAge) {
        byte[] raw = signed.getBytes(StandardCharsets.ISO_8859_1);
        // After "2|": key version, timestamp, name and value, each "<len>:<bytes>|"; then the signature.
        // fieldStart leaves pos[0] just past the field's closing '|', so pos[0] - 1 is where the field ends.
        int[] pos = {2};
        int kvStart = fieldStart(raw, pos);
        int kvEnd = pos[0] - 1;
        int tsStart = kvStart < 0 ? -1 : fieldStart(raw, pos);
        int tsEnd = pos[0] - 1;
        int nameStart = tsStart < 0 ? -1 : fieldStart(raw, pos);
        int nameEnd = pos[0] - 1;
        int valueStart = nameStart < 0 ? -1 : fieldStart(raw, pos);
        int valueEnd = pos[0] - 1;
        long fieldKeyVersion = kvStart < 0 ? -1 : parseDecimal(raw, kvStart, kvEnd - kvStart);
        if (valueStart < 0 || fieldKeyVersion < 0) {
            refuse(name, "it is malformed");
            return null;
        }
        int sigStart = pos[0];
        int index = 0;
        if (!single) {
            index = fieldKeyVersion > Integer.MAX_VALUE ? -1 : indexOf((int) fieldKeyVersion);
            if (index < 0) {
                refuse(
                        name,
                        "it was signed with key version " + fieldKeyVersion + ", which is not in the "
                                + "application's cookieSecret");
                return null;
            }
        }
        byte[] expected = hex(mac(index, raw, 0, sigStart));
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, sigStart, raw.length))) {
            refuse(name, "its signature does not match (tampered, or signed with another secret)");
            return null;
        }
        if (!regionEquals(raw, nameStart, nameEnd - nameStart, name.getBytes(StandardCharsets.UTF_8))) {
            refuse(name, "it was signed for another name");
            return null;
        }
        long ts = parseDecimal(raw, tsStart, tsEnd - tsStart);
        if (ts < 0) {
            refuse(name, "its timestamp is not a number");
            return null;
        }
        return freshValue(name, ts, nowSeconds, maxAge, Arrays.copyOfRange(raw, valueStart, valueEnd));
    }

    private byte @Nullable [] verifyV1(String name, String signed, long nowSeconds, Duration maxAge) {
        String[] parts = signed.split("\\|", -1);
        if (parts.length != 3) {
            refuse(name, "it is malformed");
            return null;
        }
        byte[] expected = signatureV1(name, parts[0], parts[1]);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.ISO_8859_1))) {
            refuse(name, "its signature does not match (tampered, or signed with another secret)");
            return null;
        }
        byte[] tsBytes = parts[1].getBytes(StandardCharsets.ISO_8859_1);
        long ts = parseDecimal(tsBytes, 0, tsBytes.length);
        if (ts < 0 || parts[1].startsWith("0")) {
            refuse(name, "its timestamp is malformed (possible tampering)");
            return null;
        }
        return freshValue(name, ts, nowSeconds, maxAge, parts[0].getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The checks both formats end with, once the signature, name and timestamp's syntax are good: the timestamp's
     * age, then the value's base64. Returns the value's bytes, or null after {@link #refuse}.
     */
    private static byte @Nullable [] freshValue(String name, long ts, long nowSeconds, Duration maxAge, byte[] base64) {
        String why = checkAge(ts, nowSeconds, maxAge);
        if (why != null) {
            refuse(name, why);
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            refuse(name, "its value is not base64");
            return null;
        }
    }

    private static @Nullable String checkAge(long ts, long nowSeconds, Duration maxAge) {
        if (ts < nowSeconds - maxAge.getSeconds()) {
            return "it expired (signed " + (nowSeconds - ts) + " s ago, max age " + maxAge.getSeconds() + " s)";
        }
        if (ts > nowSeconds + MAX_FUTURE_SKEW.getSeconds()) {
            return "its timestamp is " + (ts - nowSeconds) + " s in the future (possible tampering)";
        }
        return null;
    }

    /**
     * Reads {@code <len>:<bytes>|} at {@code pos[0]}, moves past it and returns where its bytes start, or -1
     * if malformed. The length counts bytes and is at most 9 digits.
     */
    private static int fieldStart(byte[] raw, int[] pos) {
        long len = 0;
        int i = pos[0];
        int start = i;
        while (i < raw.length && raw[i] >= '0' && raw[i] <= '9' && i - start < 9) {
            len = len * 10 + (raw[i] - '0');
            i++;
        }
        if (i == start || i >= raw.length || raw[i] != ':') {
            return -1;
        }
        int valueStart = i + 1;
        long end = valueStart + len;
        if (end >= raw.length || raw[(int) end] != '|') {
            return -1;
        }
        pos[0] = (int) end + 1;
        return valueStart;
    }

    private static long parseDecimal(byte[] raw, int start, int len) {
        if (len <= 0 || len > 18) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < start + len; i++) {
            if (raw[i] < '0' || raw[i] > '9') {
                return -1;
            }
            v = v * 10 + (raw[i] - '0');
        }
        return v;
    }

    private static boolean regionEquals(byte[] raw, int start, int len, byte[] expected) {
        if (len != expected.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (raw[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(int version) {
        for (int i = 0; i < keyVersions.length; i++) {
            if (keyVersions[i] == version) {
                return i;
            }
        }
        return -1;
    }

    private byte[] secret(int keyVersion) {
        return Objects.requireNonNull(secrets.get(keyVersion), "every key version in keyVersions has a secret");
    }

    private byte[] mac(int index, byte[] data, int offset, int length) {
        Mac[] perThread = macs.get();
        Mac mac = perThread[index];
        if (mac == null) {
            mac = newMac("HmacSHA256", secret(keyVersions[index]));
            perThread[index] = mac;
        }
        mac.update(data, offset, length);
        return mac.doFinal();
    }

    private byte[] signatureV1(String name, String b64, String ts) {
        Mac mac = newMac("HmacSHA1", secret(keyVersions[0]));
        mac.update(name.getBytes(StandardCharsets.UTF_8));
        mac.update(b64.getBytes(StandardCharsets.ISO_8859_1));
        mac.update(ts.getBytes(StandardCharsets.ISO_8859_1));
        return hex(mac.doFinal());
    }

    private static Mac newMac(String algorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(
                    "this JVM cannot compute " + algorithm + ", which every Java " + "platform must provide", e);
        }
    }

    private static byte[] hex(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return out;
    }

    private static void refuse(String name, String why) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "signed value for \"" + name + "\" ignored: " + why);
        }
    }

    @Override
    public String toString() {
        return "SignedValues{keyVersions=" + Arrays.toString(keyVersions) + ", current=" + keyVersion
                + (acceptVersion1 ? ", acceptsVersion1" : "") + "}";
    }
}
