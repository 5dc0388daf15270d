package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.fraudstream.contract.TransactionType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

    private static final GeneratorConfig CFG = new GeneratorConfig(17, 5_000, 0.01, 500);
    private static final int N = 200_000;
    private static List<PaySimRow> rows;

    @BeforeAll
    static void generate() {
        rows = take(new TrafficGenerator(CFG), N);
    }

    @Test
    void shouldRepeatTheRowsWhenSeededAlike() {
        assertThat(take(new TrafficGenerator(CFG), 20_000)).containsExactlyElementsOf(rows.subList(0, 20_000));
        assertThat(take(new TrafficGenerator(new GeneratorConfig(18, 5_000, 0.01, 500)), 100))
                .isNotEqualTo(rows.subList(0, 100));
    }

    @Test
    void shouldAdvanceTheStepEveryEventsPerStepRowsWhenGenerating() {
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).step()).as("row %d", i).isEqualTo(i / CFG.eventsPerStep());
        }
    }

    @Test
    void shouldMakeRoughlyTheConfiguredShareOfFraudWhenGenerating() {
        final long fraud = rows.stream().filter(PaySimRow::isFraud).count();

        assertThat((double) fraud / N).isCloseTo(CFG.fraudRate(), within(CFG.fraudRate() * 0.25));
    }

    @Test
    void shouldDefaultToTheDocumentedSettingsWhenAskedFor() {
        assertThat(GeneratorConfig.defaults(1)).isEqualTo(new GeneratorConfig(1, 20_000, 0.002, 2_000));
        assertThat(GeneratorConfig.defaults(1).driftStep()).isEqualTo(GeneratorConfig.NO_DRIFT);
    }

    @Test
    void shouldDrainThenCashOutWhenCommittingFraud() {
        final Deque<PaySimRow> open = new ArrayDeque<>();
        int episodes = 0;
        for (PaySimRow r : rows) {
            if (!r.isFraud()) {
                continue;
            }
            if (r.type() == TransactionType.TRANSFER) {
                assertThat(r.amount()).isEqualTo(r.oldbalanceOrg()).isPositive();
                assertThat(r.newbalanceOrig()).isZero();
                assertThat(r.newbalanceDest()).isCloseTo(r.oldbalanceDest() + r.amount(), within(1e-6));
                open.add(r);
            } else {
                assertThat(r.type()).isEqualTo(TransactionType.CASH_OUT);
                final PaySimRow transfer = open.stream()
                        .filter(t -> t.nameDest().equals(r.nameOrig()) && t.amount() == r.amount())
                        .findFirst().orElseThrow(() -> new AssertionError("cash-out without its transfer: " + r));
                open.remove(transfer);
                assertThat(r.step() - transfer.step()).isBetween(0, 2);
                episodes++;
            }
        }
        assertThat(episodes).isGreaterThan(500);
        final int lastStep = rows.get(N - 1).step();
        assertThat(open).allSatisfy(t -> assertThat(t.step()).isGreaterThanOrEqualTo(lastStep - 2));
    }

    @Test
    void shouldKeepTheRowsBeforeTheDriftStepWhenDrifting() {
        final int driftStep = 100;
        final List<PaySimRow> drifted = take(new TrafficGenerator(CFG.withDriftStep(driftStep)), N);

        final int before = driftStep * CFG.eventsPerStep();
        assertThat(drifted.subList(0, before)).containsExactlyElementsOf(rows.subList(0, before));
        assertThat(drifted.subList(before, N)).isNotEqualTo(rows.subList(before, N));
    }

    @Test
    void shouldTurnNewFraudIntoLargePaymentsAfterTheDriftStep() {
        final int driftStep = 100;
        final int settled = (driftStep + 3) * CFG.eventsPerStep(); // the drains' cash-outs are done by then
        final List<PaySimRow> after = take(new TrafficGenerator(CFG.withDriftStep(driftStep)), N).subList(settled, N);

        final List<PaySimRow> fraud = after.stream().filter(PaySimRow::isFraud).toList();
        assertThat((double) fraud.size() / after.size()).isCloseTo(CFG.fraudRate(), within(CFG.fraudRate() * 0.25));
        assertThat(fraud).allSatisfy(r -> {
            assertThat(r.type()).isEqualTo(TransactionType.PAYMENT);
            assertThat(r.nameDest()).startsWith("M");
            assertThat(r.amount() / r.oldbalanceOrg()).isBetween(0.3 - 1e-6, 0.9 + 1e-6);
            assertThat(r.newbalanceOrig()).isPositive();
        });
        assertThat(after).filteredOn(r -> r.type() == TransactionType.PAYMENT && !r.isFraud()).isNotEmpty();
    }

    @Test
    void shouldGiveFraudAndNormalOriginsTheSameIdShapeWhenGenerating() {
        assertThat(shapes(rows, PaySimRow::isFraud)).isEqualTo(Set.of("C9", "C10"));
        assertThat(shapes(rows, r -> !r.isFraud())).isEqualTo(Set.of("C9", "C10"));
    }

    @Test
    void shouldUseMerchantsOnlyAsPaymentDestinationsWhenGenerating() {
        assertThat(rows).allSatisfy(r -> assertThat(r.nameDest().startsWith("M"))
                .isEqualTo(r.type() == TransactionType.PAYMENT));
        assertThat(rows).filteredOn(r -> r.type() == TransactionType.PAYMENT)
                .allSatisfy(r -> assertThat(r.oldbalanceDest() + r.newbalanceDest()).isZero());
    }

    @Test
    void shouldKeepBalancesConsistentWhenMoneyMoves() {
        final Map<String, Double> balance = new HashMap<>();
        for (PaySimRow r : rows) {
            final double sign = r.type() == TransactionType.CASH_IN ? 1 : -1;
            assertThat(r.newbalanceOrig()).as("%s", r).isCloseTo(r.oldbalanceOrg() + sign * r.amount(), within(1e-6));
            expectBalance(balance, r.nameOrig(), r.oldbalanceOrg(), r);
            balance.put(r.nameOrig(), r.newbalanceOrig());
            if (r.type() != TransactionType.PAYMENT) {
                assertThat(r.newbalanceDest()).isCloseTo(r.oldbalanceDest() - sign * r.amount(), within(1e-6));
                expectBalance(balance, r.nameDest(), r.oldbalanceDest(), r);
                balance.put(r.nameDest(), r.newbalanceDest());
            }
        }
    }

    @Test
    void shouldShowOverdraftsAndEveryTypeWhenGenerating() {
        assertThat(rows).anyMatch(r -> r.newbalanceOrig() < 0);
        assertThat(rows.stream().map(PaySimRow::type).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(TransactionType.values());
        assertThat(rows).allSatisfy(r -> assertThat(r.amount()).isPositive());
    }

    @Test
    void shouldGiveAccountsTheirOwnTypicalAmountsWhenGenerating() {
        final Map<String, Double> medianByAccount = rows.stream().filter(r -> !r.isFraud())
                .collect(Collectors.groupingBy(PaySimRow::nameOrig)).entrySet().stream()
                .filter(e -> e.getValue().size() >= 30)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> median(e.getValue())));

        assertThat(medianByAccount).hasSizeGreaterThan(100);
        final List<Double> medians = new ArrayList<>(medianByAccount.values());
        medians.sort(Double::compare);
        assertThat(medians.get(medians.size() * 9 / 10)).isGreaterThan(5 * medians.get(medians.size() / 10));
    }

    private static void expectBalance(Map<String, Double> balance, String id, double old, PaySimRow r) {
        final Double known = balance.get(id);
        if (known != null) {
            assertThat(old).as("balance of %s in %s", id, r).isCloseTo(known, within(1e-6));
        }
    }

    private static double median(List<PaySimRow> rs) {
        final double[] amounts = rs.stream().mapToDouble(PaySimRow::amount).sorted().toArray();
        return amounts[amounts.length / 2];
    }

    private static Set<String> shapes(List<PaySimRow> rs, Predicate<PaySimRow> which) {
        return rs.stream().filter(which).map(r -> r.nameOrig().charAt(0) + String.valueOf(r.nameOrig().length() - 1))
                .collect(Collectors.toSet());
    }

    private static List<PaySimRow> take(TrafficGenerator g, int n) {
        final List<PaySimRow> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(g.next());
        }
        return out;
    }
}
