package org.fraudstream.trainer.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.ingest.PaySimCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdaCommandTest {

    /**
     * Ten rows made by hand: amounts 10 to 100 in steps of 10, shuffled; types CASH_IN 2, CASH_OUT 3,
     * DEBIT 1, PAYMENT 2, TRANSFER 2; fraud the TRANSFER of 80 (flagged) and the CASH_OUT of 100;
     * steps 1 to 7; origins C1-C6 and C9 (7), destinations M1, M2, C1, C7, C8, C9 (6).
     */
    private static final List<String> TINY = List.of(PaySimCsv.HEADER,
            "3,CASH_IN,30.0,C1,0.0,30.0,M1,0.0,0.0,0,0",
            "1,PAYMENT,10.0,C2,100.0,90.0,M1,0.0,0.0,0,0",
            "7,TRANSFER,80.0,C3,80.0,0.0,C9,0.0,80.0,1,1",
            "2,CASH_OUT,50.0,C1,30.0,0.0,C8,0.0,50.0,0,0",
            "4,DEBIT,40.0,C4,100.0,60.0,C8,50.0,90.0,0,0",
            "5,PAYMENT,20.0,C2,90.0,70.0,M2,0.0,0.0,0,0",
            "7,CASH_OUT,100.0,C9,100.0,0.0,C7,0.0,100.0,1,0",
            "6,CASH_IN,60.0,C5,0.0,60.0,M1,0.0,0.0,0,0",
            "6,TRANSFER,70.0,C4,70.0,0.0,C1,0.0,70.0,0,0",
            "3,CASH_OUT,90.0,C6,90.0,0.0,C8,90.0,180.0,0,0");

    @TempDir
    Path tmp;

    private Path file(List<String> lines) throws IOException {
        return Files.writeString(tmp.resolve("in.csv"), String.join("\n", lines) + "\n");
    }

    private JsonNode edaToJson(Path input) throws IOException {
        final Path json = tmp.resolve("eda.json");
        final CommandRun run = CommandRun.of(new EdaCommand(), "--input", input.toString(), "--json", json.toString(),
                "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JsonSerde.MAPPER.readTree(json.toFile());
    }

    @Test
    void shouldCountClassesTypesStepsAndAccountsAsComputedByHand() throws IOException {
        final JsonNode json = edaToJson(file(TINY));

        assertThat(json.get("rows").asLong()).isEqualTo(10);
        assertThat(json.get("fraud").asLong()).isEqualTo(2);
        assertThat(json.get("fraud_rate").asDouble()).isEqualTo(0.2);
        assertThat(json.get("legit_per_fraud").asDouble()).isEqualTo(4.0);
        assertThat(json.get("flagged_fraud").asLong()).isEqualTo(1);
        assertThat(json.get("step_min").asInt()).isEqualTo(1);
        assertThat(json.get("step_max").asInt()).isEqualTo(7);
        assertThat(json.get("distinct_accounts").get("name_orig").asLong()).isEqualTo(7);
        assertThat(json.get("distinct_accounts").get("name_dest").asLong()).isEqualTo(6);
        assertThat(json.get("distinct_accounts").get("exact").asBoolean()).isTrue();
        final JsonNode byType = json.get("by_type");
        assertThat(byType.fieldNames()).toIterable()
                .containsExactly("CASH_IN", "CASH_OUT", "DEBIT", "PAYMENT", "TRANSFER");
        assertThat(byType.get("CASH_OUT").get("rows").asLong()).isEqualTo(3);
        assertThat(byType.get("CASH_OUT").get("share").asDouble()).isEqualTo(0.3);
        assertThat(byType.get("CASH_OUT").get("fraud").asLong()).isEqualTo(1);
        assertThat(byType.get("CASH_OUT").get("fraud_rate").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(byType.get("TRANSFER").get("fraud_rate").asDouble()).isEqualTo(0.5);
        assertThat(byType.get("DEBIT").get("rows").asLong()).isEqualTo(1);
        assertThat(byType.get("PAYMENT").get("fraud").asLong()).isZero();
    }

    @Test
    void shouldInterpolateAmountQuantilesBetweenRanksAsComputedByHand() throws IOException {
        final JsonNode q = edaToJson(file(TINY)).get("amount_quantiles");

        // all: x = 10..100, h = 9p; e.g. p25: h = 2.25, 30 + 0.25 * 10 = 32.5
        assertQuantiles(q.get("all"), 10.0, 10.9, 14.5, 32.5, 55.0, 77.5, 95.5, 99.1, 100.0);
        // fraud: x = {80, 100}, h = p; q = 80 + 20p
        assertQuantiles(q.get("fraud"), 80.0, 80.2, 81.0, 85.0, 90.0, 95.0, 99.0, 99.8, 100.0);
    }

    private static void assertQuantiles(JsonNode node, double... expected) {
        final String[] keys = {"p0", "p1", "p5", "p25", "p50", "p75", "p95", "p99", "p100"};
        assertThat(node.fieldNames()).toIterable().containsExactly(keys);
        for (int i = 0; i < keys.length; i++) {
            assertThat(node.get(keys[i]).asDouble()).as(keys[i]).isCloseTo(expected[i], within(1e-9));
        }
    }

    @Test
    void shouldPrintAlignedTables() throws IOException {
        final CommandRun run = CommandRun.of(new EdaCommand(), "--input", file(TINY).toString(), "--quiet");

        assertThat(run.exitCode()).isZero();
        final List<String> lines = run.out().lines().toList();
        assertThat(lines).contains("rows       10", "fraud      2 (20.000 % of rows, 1 in 5)",
                "flagged    1 (isFlaggedFraud = 1)", "steps      1 - 7",
                "accounts   7 distinct nameOrig, 6 distinct nameDest (exact)");
        final List<String> typeRows = lines.stream()
                .filter(l -> l.matches("^(type|CASH_IN|CASH_OUT|DEBIT|PAYMENT|TRANSFER|all) .*")).toList();
        assertThat(typeRows).hasSize(7).extracting(String::length).containsOnly(typeRows.get(0).length());
        assertThat(typeRows.get(2).split(" +")).containsExactly("CASH_OUT", "3", "30.000", "%", "1", "33.333", "%");
        final List<String> amountRows = lines.stream().filter(l -> l.matches("^(amount|p\\d+) .*")).toList();
        assertThat(amountRows).hasSize(10).extracting(String::length).containsOnly(amountRows.get(0).length());
        assertThat(amountRows.get(5).split(" +")).containsExactly("p50", "55.00", "90.00");
    }

    @Test
    void shouldShowNoFraudQuantilesWhenThereIsNoFraud() throws IOException {
        final JsonNode json = edaToJson(file(List.of(PaySimCsv.HEADER, TINY.get(1), TINY.get(2))));

        assertThat(json.get("fraud").asLong()).isZero();
        assertThat(json.get("legit_per_fraud").isNull()).isTrue();
        assertThat(json.get("amount_quantiles").get("fraud").isNull()).isTrue();
        assertThat(json.get("amount_quantiles").get("all").get("p50").asDouble()).isEqualTo(20.0);
    }

    @Test
    void shouldExitOneNamingTheLineWhenTheFileIsMalformed() throws IOException {
        final Path bad = file(List.of(PaySimCsv.HEADER, TINY.get(1), TINY.get(2).replace("10.0", "ten")));

        final CommandRun run = CommandRun.of(new EdaCommand(), "--input", bad.toString(), "--quiet");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("in.csv:3: amount is not a number", "validate --input");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldExitTwoWithOneLineWhenTheInputDoesNotExist() {
        final CommandRun run = CommandRun.of(new EdaCommand(), "--input", tmp.resolve("missing.csv").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("eda: input file " + tmp.resolve("missing.csv") + " does not exist");
    }

    @Test
    void shouldPrintHelp() {
        final CommandRun help = CommandRun.of(new EdaCommand(), "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--input", "--json");
    }
}
