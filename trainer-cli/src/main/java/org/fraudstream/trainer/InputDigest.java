package org.fraudstream.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;

/**
 * One pass over the raw bytes of the input: its SHA-256 (provenance) and, for a plain-text file,
 * its number of lines (the progress total of the read that follows).
 *
 * @param lines  newline count, or -1 for a gzip file (its compressed bytes say nothing about lines)
 */
record InputDigest(String sha256, long bytes, long lines) {

    static InputDigest of(Path file, ProgressListener progress) throws IOException {
        final MessageDigest sha = newSha256();
        final long size = Files.size(file);
        progress.start("hashing", size, "B");
        final byte[] buf = new byte[1 << 16];
        long done = 0;
        long lines = 0;
        boolean gzip = false;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                if (done == 0 && n >= 2) {
                    gzip = (buf[0] & 0xff) == 0x1f && (buf[1] & 0xff) == 0x8b;
                }
                sha.update(buf, 0, n);
                for (int i = 0; i < n; i++) {
                    lines += buf[i] == '\n' ? 1 : 0;
                }
                done += n;
                progress.step(done);
            }
        } finally {
            progress.end();
        }
        return new InputDigest(HexFormat.of().formatHex(sha.digest()), done, gzip ? -1 : lines);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
