package org.fraudstream.ingest.internal;

/**
 * Byte-level checks made before a payload reaches the JSON parser. Jackson detects UTF-16 and
 * UTF-32 from zero bytes and does not validate every UTF-8 sequence it skips, so the wire contract
 * (UTF-8 only) is enforced here, in one pass that costs next to nothing for ASCII payloads.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Whether {@code b} holds only JSON white space (space, tab, CR, LF). */
    public static boolean isJsonWhitespaceOnly(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * The offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlong forms, no
     * surrogates, nothing above U+10FFFF), or of the first raw NUL byte (never legal in JSON text);
     * {@code -1} when there is none.
     */
    public static int firstInvalid(byte[] b) {
        int i = 0;
        final int n = b.length;
        while (i < n) {
            final int c = b[i];
            if (c > 0) {
                i++;
            } else if (c == 0) {
                return i;
            } else {
                final int len = sequenceLength(b, i, c & 0xFF);
                if (len < 0) {
                    return i;
                }
                i += len;
            }
        }
        return -1;
    }

    /** Length of the multi-byte sequence starting with lead byte {@code lead} at {@code i}, or -1. */
    private static int sequenceLength(byte[] b, int i, int lead) {
        if (lead < 0xC2) {
            return -1; // a continuation byte, or the lead of an overlong 2-byte form
        }
        if (lead < 0xE0) {
            return continuation(b, i + 1, 0x80, 0xBF) ? 2 : -1;
        }
        if (lead < 0xF0) {
            final int lo = lead == 0xE0 ? 0xA0 : 0x80; // overlong
            final int hi = lead == 0xED ? 0x9F : 0xBF; // surrogates
            return continuation(b, i + 1, lo, hi) && continuation(b, i + 2, 0x80, 0xBF) ? 3 : -1;
        }
        if (lead < 0xF5) {
            final int lo = lead == 0xF0 ? 0x90 : 0x80; // overlong
            final int hi = lead == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF
            return continuation(b, i + 1, lo, hi) && continuation(b, i + 2, 0x80, 0xBF)
                    && continuation(b, i + 3, 0x80, 0xBF) ? 4 : -1;
        }
        return -1;
    }

    private static boolean continuation(byte[] b, int i, int lo, int hi) {
        if (i >= b.length) {
            return false;
        }
        final int c = b[i] & 0xFF;
        return c >= lo && c <= hi;
    }
}
