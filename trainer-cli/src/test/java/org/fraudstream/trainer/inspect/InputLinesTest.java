package org.fraudstream.trainer.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputLinesTest {

    @TempDir
    Path tmp;

    @Test
    void shouldNumberEveryLineAndTellAnUnterminatedLastOne() throws IOException {
        final Path f = Files.writeString(tmp.resolve("f.csv"), "a\r\n\nb\nc");

        try (InputLines in = InputLines.open(f)) {
            assertThat(in.next()).isEqualTo("a");
            assertThat(in.next()).isEmpty();
            assertThat(in.next()).isEqualTo("b");
            assertThat(in.unterminated()).isFalse();
            assertThat(in.next()).isEqualTo("c");
            assertThat(in.lineNumber()).isEqualTo(4);
            assertThat(in.unterminated()).isTrue();
            assertThat(in.next()).isNull();
            assertThat(in.bytesRead()).isEqualTo(7);
        }
    }

    @Test
    void shouldCutALineTooLongToHoldAndGoOnAfterIt() throws IOException {
        final Path f = Files.writeString(tmp.resolve("f.csv"), "x".repeat(3 * InputLines.MAX_LINE) + "\nnext\n");

        try (InputLines in = InputLines.open(f)) {
            assertThat(in.next()).hasSize(InputLines.MAX_LINE);
            assertThat(in.tooLong()).isTrue();
            assertThat(in.next()).isEqualTo("next");
            assertThat(in.tooLong()).isFalse();
            assertThat(in.lineNumber()).isEqualTo(2);
        }
    }

    @Test
    void shouldReplaceBytesThatAreNotUtf8() throws IOException {
        final Path f = Files.write(tmp.resolve("f.csv"), new byte[] {'a', (byte) 0xff, 'b', '\n'});

        try (InputLines in = InputLines.open(f)) {
            assertThat(in.next()).isEqualTo("a" + InputLines.REPLACEMENT + "b");
        }
        assertThat(new String(new byte[] {(byte) 0xff}, StandardCharsets.UTF_8)).contains("\uFFFD");
    }
}
