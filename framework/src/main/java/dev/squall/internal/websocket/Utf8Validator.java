package dev.squall.internal.websocket;

/**
 * Incremental UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), so a text
 * message split across frames — or a code point split across frames — is checked as it arrives and an invalid
 * byte fails the connection at once (RFC 6455 section 8.1) rather than after the whole message is buffered.
 * Not API, may change.
 */
public final class Utf8Validator {
    private int need;
    private int lower = 0x80;
    private int upper = 0xBF;

    /**
     * Checks the next bytes of the text.
     *
     * @return false at the first byte that cannot be part of valid UTF-8 (the validator is then spent)
     */
    public boolean feed(byte[] bytes, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = bytes[i++] & 0xFF;
            if (need == 0) {
                if (c < 0x80) {
                    continue;
                }
                if (c >= 0xC2 && c <= 0xDF) {
                    need = 1;
                } else if (c == 0xE0) {
                    need = 2;
                    lower = 0xA0; // below: overlong
                } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
                    need = 2;
                } else if (c == 0xED) {
                    need = 2;
                    upper = 0x9F; // above: UTF-16 surrogates
                } else if (c == 0xF0) {
                    need = 3;
                    lower = 0x90; // below: overlong
                } else if (c >= 0xF1 && c <= 0xF3) {
                    need = 3;
                } else if (c == 0xF4) {
                    need = 3;
                    upper = 0x8F; // above: past U+10FFFF
                } else {
                    return false;
                }
            } else {
                if (c < lower || c > upper) {
                    return false;
                }
                lower = 0x80;
                upper = 0xBF;
                need--;
            }
        }
        return true;
    }

    /** Returns whether the text so far ends on a code point boundary. */
    public boolean isComplete() {
        return need == 0;
    }

    /** Forgets the text so far. */
    public void reset() {
        need = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /** Returns whether {@code bytes[off, off+len)} is complete, valid UTF-8. */
    public static boolean isValid(byte[] bytes, int off, int len) {
        Utf8Validator v = new Utf8Validator();
        return v.feed(bytes, off, len) && v.isComplete();
    }
}
