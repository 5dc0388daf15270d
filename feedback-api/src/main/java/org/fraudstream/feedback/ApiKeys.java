package org.fraudstream.feedback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The API keys that may call the protected endpoints, held only as SHA-256 hashes. A presented key
 * is hashed and compared with every known hash in constant time ({@link MessageDigest#isEqual}), and
 * all hashes are always compared, so the time taken tells nothing about which key was close.
 */
public final class ApiKeys {

    /** Shortest key accepted: a short key can be guessed, whatever the comparison. */
    public static final int MIN_KEY_LENGTH = 16;

    private final List<byte[]> hashes;

    private ApiKeys(List<byte[]> hashes) {
        this.hashes = hashes;
    }

    /**
     * Parses a comma-separated list (as in {@code FRAUD_API_KEYS}); blanks around keys are ignored.
     *
     * @throws IllegalArgumentException when there is no key or one is shorter than {@link #MIN_KEY_LENGTH}
     */
    public static ApiKeys parse(String commaSeparated) {
        final List<String> keys = new ArrayList<>();
        if (commaSeparated != null) {
            for (String k : commaSeparated.split(",")) {
                if (!k.isBlank()) {
                    keys.add(k.strip());
                }
            }
        }
        return of(keys);
    }

    /** The keys given; see {@link #parse}. */
    public static ApiKeys of(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("FRAUD_API_KEYS must name at least one key");
        }
        final List<byte[]> hashes = new ArrayList<>(keys.size());
        for (String k : keys) {
            if (k.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("FRAUD_API_KEYS: every key must be at least " + MIN_KEY_LENGTH
                        + " characters, one has " + k.length());
            }
            hashes.add(sha256(k));
        }
        return new ApiKeys(List.copyOf(hashes));
    }

    /** Whether {@code presented} (a header value, possibly {@code null}) is one of the keys. */
    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        final byte[] h = sha256(presented);
        boolean match = false;
        for (byte[] known : hashes) {
            match |= MessageDigest.isEqual(known, h); // no short cut: every hash is compared
        }
        return match;
    }

    public int size() {
        return hashes.size();
    }

    @Override
    public String toString() {
        return "ApiKeys[" + hashes.size() + " keys]";
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
