package org.fraudstream.trainer.inspect;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Bytes in, the same bytes out, counted: how far a read has come through a file as stored. */
final class CountingInputStream extends FilterInputStream {

    private long count;

    CountingInputStream(InputStream in) {
        super(in);
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        final int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        final int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        final long k = super.skip(n);
        count += k;
        return k;
    }
}
