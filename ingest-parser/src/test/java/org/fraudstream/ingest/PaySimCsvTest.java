package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.fraudstream.contract.TransactionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaySimCsvTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rows.csv", "rows.csv.gz"})
    void shouldReadBackEqualRowsWhenWrittenFirst(String name) throws IOException {
        final List<PaySimRow> rows = generated(2_000);
        final Path file = dir.resolve(name);

        PaySimCsv.write(file, rows.iterator(), Long.MAX_VALUE);

        assertThat(readAll(file)).containsExactlyElementsOf(rows);
    }

    @Test
    void shouldCompressWhenTheNameEndsInGz() throws IOException {
        final Path file = dir.resolve("rows.csv.gz");

        PaySimCsv.write(file, generated(10).iterator(), 10);

        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith(PaySimCsv.HEADER + "\n");
        }
    }

    @Test
    void shouldRecogniseGzipByItsMagicBytesWhenTheNameSaysNothing() throws IOException {
        final Path gz = dir.resolve("rows.gz");
        PaySimCsv.write(gz, generated(50).iterator(), 50);
        final Path disguised = Files.move(gz, dir.resolve("rows.csv"));

        assertThat(readAll(disguised)).containsExactlyElementsOf(generated(50));
    }

    @Test
    void shouldStopAtTheLimitWhenRowsAreEndless() throws IOException {
        final Path file = dir.resolve("limited.csv");

        PaySimCsv.write(file, new TrafficGenerator(GeneratorConfig.defaults(1)), 25);

        assertThat(Files.readAllLines(file)).hasSize(26);
    }

    @Test
    void shouldReadPaySimsOwnFormatWhenGivenItsLines() throws IOException {
        final Path file = write("kaggle.csv", PaySimCsv.HEADER,
                "1,PAYMENT,9839.64,C1231006815,170136.0,160296.36,M1979787155,0.0,0.0,0,0",
                "1,TRANSFER,181.0,C1305486145,181.0,0.0,C553264065,0.0,0.0,1,0\r",
                "",
                "743,CASH_OUT,850002.52,C1280323807,850002.52,0.0,C873221189,6510099.11,7360101.63,1,0");

        try (CsvReader in = PaySimCsv.open(file)) {
            assertThat(in.next()).isEqualTo(new PaySimRow(1, TransactionType.PAYMENT, 9839.64, "C1231006815",
                    170136.0, 160296.36, "M1979787155", 0.0, 0.0, false, false));
            assertThat(in.lineNumber()).isEqualTo(2);
            assertThat(in.next().isFraud()).isTrue();
            assertThat(in.next().step()).isEqualTo(743);
            assertThat(in.lineNumber()).as("the empty line is skipped but counted").isEqualTo(5);
            assertThat(in.hasNext()).isFalse();
        }
    }

    @Test
    void shouldNameFileAndLineWhenARowIsMalformed() throws IOException {
        final Path file = write("bad.csv", PaySimCsv.HEADER,
                "1,PAYMENT,9839.64,C1231006815,170136.0,160296.36,M1979787155,0.0,0.0,0,0",
                "1,PAYMENT,9839.64,C1231006815,170136.0,160296.36,M1979787155,0.0,0.0,0,0",
                "1,PAYMENT,lots,C1231006815,170136.0,160296.36,M1979787155,0.0,0.0,0,0");

        try (CsvReader in = PaySimCsv.open(file)) {
            in.next();
            in.next();
            assertThatThrownBy(in::hasNext).isInstanceOfSatisfying(CsvFormatException.class, e -> {
                assertThat(e.line()).isEqualTo(4);
                assertThat(e.file()).isEqualTo(file);
                assertThat(e.getMessage()).contains(file.toString() + ":4:").contains("amount").contains("lots");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1,PAYMENT,1.0,C1,0.0,0.0,M1,0.0,0.0,0",
        "1,PAYMENT,1.0,C1,0.0,0.0,M1,0.0,0.0,0,0,extra",
        "x,PAYMENT,1.0,C1,0.0,0.0,M1,0.0,0.0,0,0",
        "-1,PAYMENT,1.0,C1,0.0,0.0,M1,0.0,0.0,0,0",
        "1,WIRE,1.0,C1,0.0,0.0,M1,0.0,0.0,0,0",
        "1,PAYMENT,-1.0,C1,0.0,0.0,M1,0.0,0.0,0,0",
        "1,PAYMENT,1.0,C1,NaN,0.0,M1,0.0,0.0,0,0",
        "1,PAYMENT,1.0, ,0.0,0.0,M1,0.0,0.0,0,0",
        "1,PAYMENT,1.0,C1,0.0,0.0,M1,0.0,0.0,yes,0"})
    void shouldRejectTheRowWhenAColumnIsWrong(String line) throws IOException {
        final Path file = write("bad.csv", PaySimCsv.HEADER, line);

        try (CsvReader in = PaySimCsv.open(file)) {
            assertThatThrownBy(in::next).isInstanceOfSatisfying(CsvFormatException.class,
                    e -> assertThat(e.line()).isEqualTo(2));
        }
    }

    @Test
    void shouldSayWhatWasExpectedWhenTheHeaderIsWrong() throws IOException {
        final Path file = write("other.csv", "step,type,amount,nameOrig", "1,PAYMENT,1.0,C1");

        assertThatThrownBy(() -> PaySimCsv.open(file)).isInstanceOfSatisfying(CsvFormatException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.getMessage()).contains(file.toString()).contains("header").contains(PaySimCsv.HEADER);
        });
    }

    @Test
    void shouldSayTheFileIsEmptyWhenItIs() throws IOException {
        final Path file = write("empty.csv");

        assertThatThrownBy(() -> PaySimCsv.open(file)).isInstanceOf(CsvFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("empty");
    }

    @Test
    void shouldThrowNoSuchFileWhenTheFileIsMissing() {
        assertThatThrownBy(() -> PaySimCsv.open(dir.resolve("missing.csv"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.csv");
    }

    @Test
    void shouldAcceptAByteOrderMarkWhenTheHeaderFollows() throws IOException {
        final Path file = write("bom.csv", "\uFEFF" + PaySimCsv.HEADER, "1,DEBIT,5.0,C1,10.0,5.0,C2,0.0,5.0,0,0");

        assertThat(readAll(file)).hasSize(1);
    }

    private Path write(String name, String... lines) throws IOException {
        final Path file = dir.resolve(name);
        Files.writeString(file, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
        return file;
    }

    private static List<PaySimRow> generated(int n) {
        final TrafficGenerator g = new TrafficGenerator(new GeneratorConfig(5, 500, 0.05, 100));
        final List<PaySimRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(g.next());
        }
        return rows;
    }

    private static List<PaySimRow> readAll(Path file) throws IOException {
        final List<PaySimRow> rows = new ArrayList<>();
        try (CsvReader in = PaySimCsv.open(file)) {
            in.forEachRemaining(rows::add);
        }
        return rows;
    }
}
