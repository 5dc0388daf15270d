package org.fraudstream.trainer.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.ingest.CsvFormatException;
import org.fraudstream.ingest.CsvReader;
import org.fraudstream.ingest.PaySimCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateCommandTest {

    private static final String HEADER = PaySimCsv.HEADER;
    private static final String ROW = "1,PAYMENT,9839.64,C1231006815,170136.0,160296.36,M1979787155,0.0,0.0,0,0";
    private static final List<String> GOOD = List.of(HEADER, ROW,
            "1,TRANSFER,181.0,C1305486145,181.0,0.0,C553264065,0.0,0.0,1,0",
            "1,CASH_OUT,181.0,C840083671,181.0,0.0,C38997010,21182.0,0.0,1,0",
            "2,CASH_IN,500.0,C1,10.0,510.0,M2,0.0,0.0,0,0",
            "3,DEBIT,5337.77,C712410124,41720.0,36382.23,C195600860,41898.0,40348.79,0,0");

    @TempDir
    Path tmp;

    private Path file(String name, List<String> lines) throws IOException {
        return Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n");
    }

    /** The good file with {@code line} (1-based, the header is 1) replaced by {@code row}. */
    private Path goodWith(int line, String row) throws IOException {
        final List<String> lines = new ArrayList<>(GOOD);
        lines.set(line - 1, row);
        return file("bad.csv", lines);
    }

    private static CommandRun validate(Path input, String... more) {
        final List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--quiet"));
        args.addAll(List.of(more));
        return CommandRun.of(new ValidateCommand(), args.toArray(String[]::new));
    }

    private JsonNode validateToJson(Path input, String... more) throws IOException {
        final Path json = tmp.resolve("report.json");
        final List<String> args = new ArrayList<>(List.of("--json", json.toString()));
        args.addAll(List.of(more));
        validate(input, args.toArray(String[]::new));
        return JsonSerde.MAPPER.readTree(json.toFile());
    }

    private static List<JsonNode> problems(JsonNode report) {
        final List<JsonNode> list = new ArrayList<>();
        report.get("problems").forEach(list::add);
        return list;
    }

    @Test
    void shouldExitZeroAndSayValidWhenTheFileIsGood() throws IOException {
        final Path good = file("good.csv", GOOD);

        final CommandRun run = validate(good);
        final JsonNode json = validateToJson(good);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("rows      5", "steps     1 - 3", "VALID: 0 errors, 0 warnings");
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("rows").asLong()).isEqualTo(5);
        assertThat(json.get("errors").asLong()).isZero();
        assertThat(json.get("warnings").asLong()).isZero();
        assertThat(json.get("step_min").asInt()).isEqualTo(1);
        assertThat(json.get("step_max").asInt()).isEqualTo(3);
        assertThat(json.get("problems")).isEmpty();
        assertThat(json.get("problems_by_code")).isEmpty();
    }

    @Test
    void shouldReadGzipAndCrlfFilesAlike() throws IOException {
        final Path gz = tmp.resolve("good.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((String.join("\r\n", GOOD) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        final CommandRun run = validate(gz);

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("rows      5", "VALID: 0 errors, 0 warnings");
    }

    @Test
    void shouldNameMissingAndUnknownColumnsWhenTheHeaderIsWrong() throws IOException {
        final Path bad = file("bad.csv", List.of(
                "step,type,amount,nameOrig,oldBalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isFraud",
                "1,PAYMENT,9839.64,C1231006815,170136.0,160296.36,M1979787155,0.0,0.0,0"));

        final CommandRun run = validate(bad);
        final JsonNode json = validateToJson(bad);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("INVALID: 3 errors, 0 warnings");
        assertThat(problems(json)).extracting(p -> p.get("line").asLong(), p -> p.get("code").asText(),
                p -> p.get("column").asText()).containsExactly(
                tuple(1L, "unknown_column", "oldBalanceOrg"),
                tuple(1L, "missing_column", "oldbalanceOrg"),
                tuple(1L, "missing_column", "isFlaggedFraud"));
        assertThat(problems(json).get(0).get("message").asText()).contains("did you mean 'oldbalanceOrg'?");
    }

    @Test
    void shouldReportColumnsOutOfOrderAndStillCheckRowsByName() throws IOException {
        final Path swapped = file("swapped.csv", List.of(
                "step,amount,type,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,"
                        + "isFraud,isFlaggedFraud",
                "1,9839.64,PAYMENT,C1231006815,170136.0,160296.36,M1979787155,0.0,0.0,0,0",
                "1,9839.64,WIRE,C1231006815,170136.0,160296.36,M1979787155,0.0,0.0,0,0"));

        final JsonNode json = validateToJson(swapped);

        assertThat(problems(json)).extracting(p -> p.get("line").asLong(), p -> p.get("code").asText(),
                p -> p.get("column").asText()).containsExactly(
                tuple(1L, "column_order", "amount"),
                tuple(3L, "unknown_type", "type"));
    }

    static Stream<Arguments> oneBadLine() {
        return Stream.of(
                Arguments.of("1,PAYMENT,12x,C1,170136.0,160296.36,M1,0.0,0.0,0,0", "bad_number", "amount"),
                Arguments.of("1,PAYMENT,NaN,C1,170136.0,160296.36,M1,0.0,0.0,0,0", "not_finite", "amount"),
                Arguments.of("1,PAYMENT,5.0,C1,Infinity,160296.36,M1,0.0,0.0,0,0", "not_finite", "oldbalanceOrg"),
                Arguments.of("1,PAYMENT,-5.0,C1,170136.0,160296.36,M1,0.0,0.0,0,0", "negative_amount", "amount"),
                Arguments.of("1,WIRE,5.0,C1,170136.0,160296.36,M1,0.0,0.0,0,0", "unknown_type", "type"),
                Arguments.of("1.5,PAYMENT,5.0,C1,170136.0,160296.36,M1,0.0,0.0,0,0", "bad_step", "step"),
                Arguments.of("-1,PAYMENT,5.0,C1,170136.0,160296.36,M1,0.0,0.0,0,0", "negative_step", "step"),
                Arguments.of("1,PAYMENT,5.0,,170136.0,160296.36,M1,0.0,0.0,0,0", "empty_id", "nameOrig"),
                Arguments.of("1,PAYMENT,5.0,C1,170136.0,160296.36, ,0.0,0.0,0,0", "empty_id", "nameDest"),
                Arguments.of("1,PAYMENT,5.0,C1,170136.0,160296.36,M1,0.0,0.0,2,0", "bad_label", "isFraud"),
                Arguments.of("1,PAYMENT,5.0,C1,170136.0,160296.36,M1,0.0,0.0,0,yes", "bad_label", "isFlaggedFraud"),
                Arguments.of("1,PAYMENT,5.0,C1,170136.0,160296.36,M1,0.0,0.0,0", "field_count", null),
                Arguments.of("1,PAYMENT,5.0,C1,170136.0,160296.36,M1,0.0,0.0,0,0,0", "field_count", null));
    }

    @ParameterizedTest(name = "{1} in {2}")
    @MethodSource("oneBadLine")
    void shouldReportTheLineCodeAndColumnOfOneBadRow(String row, String code, String column) throws IOException {
        final Path bad = goodWith(3, row);

        final CommandRun run = validate(bad);
        final JsonNode json = validateToJson(bad);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(problems(json)).hasSize(1);
        final JsonNode p = problems(json).get(0);
        assertThat(p.get("line").asLong()).isEqualTo(3);
        assertThat(p.get("severity").asText()).isEqualTo("error");
        assertThat(p.get("code").asText()).isEqualTo(code);
        assertThat(p.get("column").isNull() ? null : p.get("column").asText()).isEqualTo(column);
        assertThat(json.get("problems_by_code").get(code).asLong()).isEqualTo(1);
        assertThat(json.get("valid").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "{1} in {2}")
    @MethodSource("oneBadLine")
    void shouldCallAnErrorWhatTheSuitesReaderRefuses(String row, String code, String column) throws IOException {
        final Path bad = goodWith(3, row);

        assertThatThrownBy(() -> readAll(bad)).isInstanceOf(CsvFormatException.class)
                .extracting(e -> ((CsvFormatException) e).line()).isEqualTo(3L);
    }

    @Test
    void shouldAcceptWithTheReaderWhatItCallsValid() throws IOException {
        assertThat(readAll(file("good.csv", GOOD))).isEqualTo(5);
    }

    private static int readAll(Path file) throws IOException {
        int n = 0;
        try (CsvReader in = PaySimCsv.open(file)) {
            while (in.hasNext()) {
                in.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void shouldCallALastLineWithoutNewlineAndTooFewFieldsTruncated() throws IOException {
        final Path cut = Files.writeString(tmp.resolve("cut.csv"),
                String.join("\n", GOOD) + "\n4,CASH_OUT,100.0,C9");
        final Path complete = file("short.csv", List.of(String.join("\n", GOOD), "4,CASH_OUT,100.0,C9"));

        final JsonNode truncated = validateToJson(cut);
        final JsonNode shortRow = validateToJson(complete);

        assertThat(problems(truncated)).extracting(p -> p.get("line").asLong(), p -> p.get("code").asText())
                .containsExactly(tuple(7L, "truncated_line"));
        assertThat(problems(shortRow)).extracting(p -> p.get("line").asLong(), p -> p.get("code").asText())
                .containsExactly(tuple(7L, "field_count"));
        assertThat(validate(cut).exitCode()).isEqualTo(1);
    }

    @Test
    void shouldAcceptACompleteLastLineWithoutNewline() throws IOException {
        final Path noNewline = Files.writeString(tmp.resolve("nonl.csv"), String.join("\n", GOOD));

        assertThat(validate(noNewline).exitCode()).isZero();
    }

    @Test
    void shouldOnlyWarnAboutFraudOutsideTransferAndCashOutNegativeBalancesAndStepsGoingBack() throws IOException {
        final Path odd = file("odd.csv", List.of(HEADER,
                "2,PAYMENT,9839.64,C1,170136.0,160296.36,M1,0.0,0.0,1,0",
                "2,CASH_OUT,500.0,C2,100.0,-400.0,C3,0.0,500.0,0,0",
                "1,CASH_IN,500.0,C2,-400.0,100.0,M3,0.0,0.0,0,0"));

        final CommandRun run = validate(odd);
        final JsonNode json = validateToJson(odd);

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("VALID: 0 errors, 4 warnings");
        assertThat(problems(json)).extracting(p -> p.get("line").asLong(), p -> p.get("severity").asText(),
                p -> p.get("code").asText(), p -> p.get("column").asText()).containsExactly(
                tuple(2L, "warning", "unexpected_fraud_type", "type"),
                tuple(3L, "warning", "negative_balance", "newbalanceOrig"),
                tuple(4L, "warning", "step_backwards", "step"),
                tuple(4L, "warning", "negative_balance", "oldbalanceOrg"));
        assertThat(json.get("step_min").asInt()).isEqualTo(1);
        assertThat(json.get("step_max").asInt()).isEqualTo(2);
        assertThat(json.get("valid").asBoolean()).isTrue();
    }

    @Test
    void shouldListTheFirstNOfACodeAndCountThemAll() throws IOException {
        final List<String> lines = new ArrayList<>(List.of(HEADER));
        for (int i = 0; i < 30; i++) {
            lines.add("1,PAYMENT,oops,C1,170136.0,160296.36,M1,0.0,0.0,0,0");
        }
        final Path bad = file("bad.csv", lines);

        final CommandRun run = validate(bad, "--max-problems", "2");
        final JsonNode json = validateToJson(bad, "--max-problems", "2");

        assertThat(run.out()).contains("(the first 2 of each code; --max-problems N shows more)",
                "INVALID: 30 errors, 0 warnings");
        assertThat(json.get("problems_by_code").get("bad_number").asLong()).isEqualTo(30);
        assertThat(problems(json)).extracting(p -> p.get("line").asLong()).containsExactly(2L, 3L);
    }

    @Test
    void shouldWriteEveryFieldOfTheJsonReport() throws IOException {
        final JsonNode json = validateToJson(goodWith(2, "1,PAYMENT,12x,C1,170136.0,160296.36,M1,0.0,0.0,0,0"));

        assertThat(json.fieldNames()).toIterable().contains("file", "rows", "errors", "warnings",
                "problems_by_code", "problems", "step_min", "step_max", "valid");
        assertThat(problems(json).get(0).fieldNames()).toIterable()
                .containsExactly("line", "severity", "code", "column", "message");
        assertThat(problems(json).get(0).get("message").asText()).isEqualTo("amount is not a number: '12x'");
    }

    @Test
    void shouldReportAnEmptyFileAndWarnAboutAHeaderWithoutRows() throws IOException {
        final JsonNode empty = validateToJson(Files.writeString(tmp.resolve("empty.csv"), ""));
        final CommandRun headerOnly = validate(file("header.csv", List.of(HEADER)));

        assertThat(problems(empty)).extracting(p -> p.get("line").asLong(), p -> p.get("code").asText())
                .containsExactly(tuple(1L, "empty_file"));
        assertThat(headerOnly.exitCode()).isZero();
        assertThat(headerOnly.out()).contains("no_rows", "steps     none");
    }

    @Test
    void shouldWarnAboutEmptyLinesAndCountLinesAsTheyAreInTheFile() throws IOException {
        final JsonNode json = validateToJson(file("gaps.csv", List.of(HEADER, ROW, "", ROW.replace("9839.64", "x"))));

        assertThat(problems(json)).extracting(p -> p.get("line").asLong(), p -> p.get("code").asText())
                .containsExactly(tuple(3L, "empty_line"), tuple(4L, "bad_number"));
        assertThat(json.get("rows").asLong()).isEqualTo(2);
    }

    @Test
    void shouldReportAGzipFileThatWasCutShort() throws IOException {
        final Path whole = tmp.resolve("whole.csv.gz");
        final List<String> lines = new ArrayList<>(List.of(HEADER));
        for (int i = 0; i < 20_000; i++) {
            lines.add(i / 100 + ",PAYMENT," + i + ".5,C" + i + ",1000.0,999.0,M" + i + ",0.0,0.0,0,0");
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        final byte[] bytes = Files.readAllBytes(whole);
        final Path cut = Files.write(tmp.resolve("cut.csv.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        final CommandRun run = validate(cut);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("truncated_file", "INVALID: 1 error");
    }

    @Test
    void shouldExitTwoWithOneLineWhenTheInputDoesNotExist() {
        final CommandRun run = validate(tmp.resolve("missing.csv"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("validate: input file " + tmp.resolve("missing.csv") + " does not exist");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldExitTwoOnBadOptionsAndZeroOnHelp() throws IOException {
        final Path good = file("good.csv", GOOD);

        assertThat(validate(good, "--max-problems", "-1").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of(new ValidateCommand()).exitCode()).isEqualTo(2);
        final CommandRun help = CommandRun.of(new ValidateCommand(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--input", "--json", "--max-problems");
    }
}
