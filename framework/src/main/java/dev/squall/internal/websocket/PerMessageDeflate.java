package dev.squall.internal.websocket;

import dev.squall.websocket.WebSocketCompression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * The permessage-deflate extension (RFC 7692) of one connection: the negotiation (offer, answer, parameters)
 * and the codec. The {@code Deflater} and {@code Inflater} are made on first use, so a connection that never
 * sends or receives a compressed message holds no native zlib memory. Loop-confined. Not API, may change.
 */
public final class PerMessageDeflate {
    /** The extension's token in {@code Sec-WebSocket-Extensions}. */
    public static final String NAME = "permessage-deflate";

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final int level;
    private final int minMessageBytes;
    /** Reset the deflater after each message (our no_context_takeover, or a window smaller than the JDK's). */
    private final boolean compressReset;
    /** Longest message we may compress: a smaller window than 32 KiB limits us to messages that fit in it. */
    private final int maxCompressBytes;

    private final boolean decompressReset;
    private final String agreed;
    private @Nullable Deflater deflater;
    private @Nullable Inflater inflater;

    private PerMessageDeflate(
            WebSocketCompression config,
            boolean ourNoContext,
            int ourWindowBits,
            boolean peerNoContext,
            String agreed) {
        this.level = config.level();
        this.minMessageBytes = config.minMessageBytes();
        this.compressReset = ourNoContext || ourWindowBits < 15;
        this.maxCompressBytes = ourWindowBits < 15 ? 1 << ourWindowBits : Integer.MAX_VALUE;
        this.decompressReset = peerNoContext;
        this.agreed = agreed;
    }

    /** Returns the extension as agreed, for the server's {@code Sec-WebSocket-Extensions} answer. */
    public String agreed() {
        return agreed;
    }

    // ------------------------------------------------------------------------------------------------
    // Negotiation

    /**
     * Server side: picks the first acceptable permessage-deflate offer among the client's
     * {@code Sec-WebSocket-Extensions} values (RFC 7692 section 5), or none.
     *
     * @param headerValues every {@code Sec-WebSocket-Extensions} value the client sent
     * @param config the server's settings
     * @return the agreed extension, or null to answer without it
     */
    public static @Nullable PerMessageDeflate negotiateServer(List<String> headerValues, WebSocketCompression config) {
        for (String value : headerValues) {
            for (String offer : splitOutsideQuotes(value, ',')) {
                Params p = Params.parse(offer);
                if (p == null || !p.name.equals(NAME) || p.error != null) {
                    continue;
                }
                boolean serverNoContext = p.serverNoContextTakeover || config.serverNoContextTakeover();
                boolean clientNoContext = p.clientNoContextTakeover || config.clientNoContextTakeover();
                StringBuilder answer = new StringBuilder(NAME);
                if (serverNoContext) {
                    answer.append("; server_no_context_takeover");
                }
                if (clientNoContext) {
                    answer.append("; client_no_context_takeover");
                }
                if (p.serverMaxWindowBits < 15) {
                    answer.append("; server_max_window_bits=").append(p.serverMaxWindowBits);
                }
                // client_max_window_bits needs no answer: our Inflater reads any window up to 32 KiB.
                return new PerMessageDeflate(
                        config, serverNoContext, p.serverMaxWindowBits, clientNoContext, answer.toString());
            }
        }
        return null;
    }

    /** Client side: the {@code Sec-WebSocket-Extensions} offer for {@code config}. */
    public static String clientOffer(WebSocketCompression config) {
        StringBuilder offer = new StringBuilder(NAME);
        if (config.clientNoContextTakeover()) {
            offer.append("; client_no_context_takeover");
        }
        if (config.serverNoContextTakeover()) {
            offer.append("; server_no_context_takeover");
        }
        offer.append("; client_max_window_bits");
        return offer.toString();
    }

    /**
     * Client side: reads the server's answer to {@link #clientOffer}.
     *
     * @param headerValues the server's {@code Sec-WebSocket-Extensions} values (empty: no extension agreed)
     * @return the agreed extension, or null when the server declined it
     * @throws IllegalArgumentException if the answer names another extension or parameters the offer did not
     *     allow, with the reason (the client must then fail the connection)
     */
    public static @Nullable PerMessageDeflate acceptClient(List<String> headerValues, WebSocketCompression config) {
        PerMessageDeflate result = null;
        for (String value : headerValues) {
            for (String item : splitOutsideQuotes(value, ',')) {
                Params p = Params.parse(item);
                if (p == null) {
                    continue;
                }
                if (!p.name.equals(NAME)) {
                    throw new IllegalArgumentException(
                            "the server agreed to extension '" + p.name + "', which was not offered");
                }
                if (p.error != null) {
                    throw new IllegalArgumentException("the server's permessage-deflate answer is invalid: " + p.error);
                }
                if (result != null) {
                    throw new IllegalArgumentException("the server agreed to permessage-deflate twice");
                }
                boolean clientNoContext = p.clientNoContextTakeover || config.clientNoContextTakeover();
                result = new PerMessageDeflate(
                        config, clientNoContext, p.clientMaxWindowBits, p.serverNoContextTakeover, item.strip());
            }
        }
        return result;
    }

    /** The parameters of one extension item; {@code error} says why it is unacceptable, if it is. */
    private static final class Params {
        String name = "";
        boolean serverNoContextTakeover;
        boolean clientNoContextTakeover;
        int serverMaxWindowBits = 15;
        int clientMaxWindowBits = 15;

        @Nullable
        String error;

        static @Nullable Params parse(String item) {
            List<String> parts = splitOutsideQuotes(item, ';');
            if (parts.isEmpty() || parts.get(0).isBlank()) {
                return null;
            }
            Params p = new Params();
            p.name = parts.get(0).strip().toLowerCase(Locale.ROOT);
            List<String> seen = new ArrayList<>();
            for (int i = 1; i < parts.size(); i++) {
                String param = parts.get(i).strip();
                int eq = param.indexOf('=');
                String key = (eq < 0 ? param : param.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? null : unquote(param.substring(eq + 1).strip());
                if (seen.contains(key)) {
                    p.error = "parameter " + key + " appears twice";
                    return p;
                }
                seen.add(key);
                switch (key) {
                    case "server_no_context_takeover" -> {
                        p.serverNoContextTakeover = true;
                        if (value != null) {
                            p.error = key + " takes no value";
                        }
                    }
                    case "client_no_context_takeover" -> {
                        p.clientNoContextTakeover = true;
                        if (value != null) {
                            p.error = key + " takes no value";
                        }
                    }
                    case "server_max_window_bits" -> {
                        p.serverMaxWindowBits = windowBits(value);
                        if (p.serverMaxWindowBits < 0) {
                            p.error = key + " must be 8..15, not " + value;
                        }
                    }
                    case "client_max_window_bits" -> {
                        p.clientMaxWindowBits = value == null ? 15 : windowBits(value);
                        if (p.clientMaxWindowBits < 0) {
                            p.error = key + " must be 8..15, not " + value;
                        }
                    }
                    default -> p.error = "unknown parameter " + key;
                }
            }
            return p;
        }

        private static int windowBits(@Nullable String value) {
            if (value == null || value.length() > 2 || value.isEmpty()) {
                return -1;
            }
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                    return -1;
                }
            }
            int bits = Integer.parseInt(value);
            return bits >= 8 && bits <= 15 ? bits : -1;
        }

        private static String unquote(String v) {
            return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"'
                    ? v.substring(1, v.length() - 1)
                    : v;
        }
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        out.removeIf(String::isBlank);
        return out;
    }

    // ------------------------------------------------------------------------------------------------
    // Codec

    /** Returns whether a message of {@code length} bytes goes out compressed. */
    public boolean shouldCompress(int length) {
        return length >= minMessageBytes && length <= maxCompressBytes;
    }

    /** Compresses one message: DEFLATE with a sync flush, the final {@code 00 00 ff ff} removed (section 7.2.1). */
    public byte[] compress(byte[] in, int off, int len) {
        Deflater d = deflater;
        if (d == null) {
            d = new Deflater(level, true);
            deflater = d;
        }
        d.setInput(in, off, len);
        byte[] out = new byte[Math.max(64, len / 2 + 64)];
        int n = 0;
        while (true) {
            n += d.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            if (n < out.length) {
                break; // the flush is complete: deflate stopped before filling the space it had
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (compressReset) {
            d.reset();
        }
        // A sync flush always ends with an empty stored block, 00 00 ff ff.
        return Arrays.copyOf(out, n >= 4 ? n - 4 : n);
    }

    /**
     * Inflates one message.
     *
     * @param max the most bytes the message may inflate to
     * @return the message, or null if it inflates to more than {@code max} bytes
     * @throws DataFormatException if the bytes are not valid DEFLATE data
     */
    public byte @Nullable [] decompress(byte[] in, int len, int max) throws DataFormatException {
        Inflater inf = inflater;
        if (inf == null) {
            inf = new Inflater(true);
            inflater = inf;
        }
        byte[] out = new byte[(int) Math.min(max + 1L, Math.max(256L, len * 4L))];
        int n = 0;
        boolean tailGiven = false;
        inf.setInput(in, 0, len);
        while (true) {
            if (n == out.length) {
                if (n > max) {
                    inf.reset();
                    return null;
                }
                out = Arrays.copyOf(out, (int) Math.min(max + 1L, out.length * 2L));
            }
            int got = inf.inflate(out, n, out.length - n);
            n += got;
            if (got == 0) {
                if (inf.needsInput() && !tailGiven) {
                    tailGiven = true;
                    inf.setInput(TAIL);
                    continue;
                }
                break; // all input read (or a final block, or a dictionary we do not have)
            }
        }
        if (n > max) {
            inf.reset();
            return null;
        }
        if (decompressReset || inf.finished()) {
            inf.reset(); // a final block (BFINAL) ends the stream; the next message starts a new one
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Frees the native zlib memory; call when the connection closes. */
    public void release() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
