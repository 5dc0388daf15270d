package org.fraudstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FeaturesV1Test {

    private static TransactionEvent event(String id, String orig, String dest, int step, TransactionType type,
                                          double amount, double oldOrg, double newOrg) {
        return new TransactionEvent(id, 0L, step, type, amount, orig, oldOrg, newOrg, dest, 0.0, amount);
    }

    @Test
    void shouldPinTheContractSoThatAnyChangeIsDeliberate() {
        // A change here means a new contract version: bump FeaturesV1.VERSION and retrain.
        assertThat(FeaturesV1.VERSION).isEqualTo("FEATURES_V1");
        assertThat(FeaturesV1.SIZE).isEqualTo(28);
        assertThat(FeaturesV1.HASH).isEqualTo(GOLDEN_HASH);
        final double[] f = FeaturesV1.compute(event("t", "C1", "C2", 13, TransactionType.TRANSFER, 1500.0, 1500.0, 0.0),
                new AccountState(3, 10, 200.0, 900.0, 2.5, 600.0, 1, 2, 12, 1400.0, 1700.0),
                new AccountState(0, -1, 0.0, 0.0, 0.0, 0.0, 0, 4, 9, 50.0, 210.0));
        assertThat(f).containsExactly(GOLDEN_VECTOR);
    }

    @Test
    void shouldComputeTheSameVectorWhateverTheAccountIdsSay() {
        final AccountState s = new AccountState(2, 4, 80.0, 150.0, 1.7, 120.0, 1, 1, 5, 181.0, 181.0);
        final double[] a = FeaturesV1.compute(event("t1", "C1231006815", "M1979787155", 5, TransactionType.CASH_OUT,
                181.0, 181.0, 0.0), s, AccountState.EMPTY);
        final double[] b = FeaturesV1.compute(event("t2", "CC99", "B42", 5, TransactionType.CASH_OUT,
                181.0, 181.0, 0.0), s, AccountState.EMPTY);
        assertThat(a).containsExactly(b);
    }

    @Test
    void shouldMarkFirstEventsAndLeaveTheirHistoryFeaturesAtZero() {
        final double[] f = FeaturesV1.compute(event("t", "C1", "C2", 0, TransactionType.PAYMENT, 10.0, 100.0, 90.0),
                AccountState.EMPTY, AccountState.EMPTY);
        assertThat(f[FeaturesV1.NAMES.indexOf("acct_first_seen")]).isEqualTo(1.0);
        assertThat(f[FeaturesV1.NAMES.indexOf("dest_unseen")]).isEqualTo(1.0);
        for (int i = FeaturesV1.NAMES.indexOf("acct_log_txn_count"); i < FeaturesV1.SIZE; i++) {
            if (!FeaturesV1.NAMES.get(i).equals("dest_unseen")) {
                assertThat(f[i]).as(FeaturesV1.NAMES.get(i)).isZero();
            }
        }
        assertThat(f[FeaturesV1.NAMES.indexOf("type_payment")]).isEqualTo(1.0);
    }

    @Test
    void shouldUpdateCountsSumsAndDecayedCounters() {
        AccountState s = AccountState.EMPTY;
        s = FeaturesV1.send(s, event("a", "C1", "C2", 0, TransactionType.TRANSFER, 100.0, 100.0, 0.0));
        s = FeaturesV1.send(s, event("b", "C1", "C2", 24, TransactionType.PAYMENT, 50.0, 0.0, -50.0));
        assertThat(s.txnCount()).isEqualTo(2);
        assertThat(s.lastStep()).isEqualTo(24);
        assertThat(s.amountSum()).isEqualTo(150.0);
        assertThat(s.transferCount()).isEqualTo(1);
        assertThat(s.decayedCount()).isEqualTo(1.5);   // 1 halved over one half-life, plus 1
        assertThat(s.decayedAmount()).isEqualTo(100.0); // 100 halved, plus 50
    }

    @Test
    void shouldSeeAnAccountPassOnWhatItJustReceivedWhenReplayed() {
        // a mule: receives 500 at step 7, sends the same 500 on in the same step
        final TransactionEvent in = event("in", "C1", "C9", 7, TransactionType.TRANSFER, 500.0, 0, 0);
        final TransactionEvent out = event("out", "C9", "M1", 7, TransactionType.CASH_OUT, 500.0, 0, 0);
        final double[][] rows = FeatureReplay.replay(List.of(in, out));
        assertThat(rows[0][FeaturesV1.NAMES.indexOf("dest_unseen")]).isEqualTo(1.0);
        assertThat(rows[1][FeaturesV1.NAMES.indexOf("acct_first_seen")]).isEqualTo(1.0);
        assertThat(rows[1][FeaturesV1.NAMES.indexOf("orig_log_recv_count")]).isEqualTo(StrictMath.log1p(1));
        assertThat(rows[1][FeaturesV1.NAMES.indexOf("orig_log_steps_since_recv")]).isZero();
        assertThat(rows[1][FeaturesV1.NAMES.indexOf("orig_passes_on_received")]).isEqualTo(1.0);
        final double[] half = FeaturesV1.compute(event("h", "C9", "M1", 8, TransactionType.CASH_OUT, 250.0, 0, 0),
                FeaturesV1.receive(AccountState.EMPTY, in), AccountState.EMPTY);
        assertThat(half[FeaturesV1.NAMES.indexOf("orig_passes_on_received")]).isEqualTo(0.5);
    }

    @Test
    void shouldDescribeASeenDestinationByWhatItSentAndReceived() {
        AccountState d = FeaturesV1.receive(AccountState.EMPTY, event("a", "C1", "C2", 3, TransactionType.PAYMENT, 5, 0, 0));
        d = FeaturesV1.send(d, event("b", "C2", "C3", 5, TransactionType.PAYMENT, 7, 0, 0));
        assertThat(d.recvCount()).isEqualTo(1);
        assertThat(d.txnCount()).isEqualTo(1);
        assertThat(d.lastSeenStep()).isEqualTo(5);
        final double[] f = FeaturesV1.compute(event("c", "C4", "C2", 9, TransactionType.TRANSFER, 1, 0, 0),
                AccountState.EMPTY, d);
        assertThat(f[FeaturesV1.NAMES.indexOf("dest_unseen")]).isZero();
        assertThat(f[FeaturesV1.NAMES.indexOf("dest_log_recv_count")]).isEqualTo(StrictMath.log1p(1));
        assertThat(f[FeaturesV1.NAMES.indexOf("dest_log_txn_count")]).isEqualTo(StrictMath.log1p(1));
        assertThat(f[FeaturesV1.NAMES.indexOf("dest_log_steps_since_seen")]).isEqualTo(StrictMath.log1p(4));
    }

    @Test
    void shouldNotGrowCountersForOutOfOrderEvents() {
        final AccountState s = new AccountState(1, 10, 100.0, 100.0, 1.0, 100.0, 0, 0, -1, 0.0, 0.0);
        final AccountState next = FeaturesV1.send(s, event("late", "C1", "C2", 4, TransactionType.PAYMENT, 10.0, 0, 0));
        assertThat(next.lastStep()).isEqualTo(10);
        assertThat(next.decayedCount()).isEqualTo(2.0);
    }

    @Test
    void shouldReplayInStepOrderKeepingInputOrderWithinAStep() {
        final TransactionEvent a = event("a", "C1", "C2", 2, TransactionType.PAYMENT, 1.0, 0, 0);
        final TransactionEvent b = event("b", "C1", "C2", 1, TransactionType.PAYMENT, 1.0, 0, 0);
        final TransactionEvent c = event("c", "C1", "C2", 1, TransactionType.PAYMENT, 1.0, 0, 0);
        assertThat(FeatureReplay.inStepOrder(List.of(a, b, c))).extracting(TransactionEvent::transactionId)
                .containsExactly("b", "c", "a");
        final double[][] rows = FeatureReplay.replay(List.of(a, b, c));
        assertThat(rows[0][FeaturesV1.NAMES.indexOf("acct_first_seen")]).isEqualTo(1.0);
        assertThat(rows[2][FeaturesV1.NAMES.indexOf("acct_log_txn_count")]).isEqualTo(StrictMath.log1p(2));
    }

    @Test
    void shouldRoundTripAccountStateAndRejectForeignBytes() {
        final AccountStateSerde serde = new AccountStateSerde();
        final AccountState s = new AccountState(7, 42, 1.5, 99.25, 3.125, 77.0, 2, 3, 40, 12.5, 30.0);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", s))).isEqualTo(s);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 9, 9}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("account state");
    }

    @Test
    void shouldRejectEventsThatBreakTheContract() {
        assertThatThrownBy(() -> event("t", "C1", "C2", 0, TransactionType.PAYMENT, -1.0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount");
        assertThatThrownBy(() -> event(" ", "C1", "C2", 0, TransactionType.PAYMENT, 1.0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transactionId");
        assertThatThrownBy(() -> event("t", "C1", "C2", 0, TransactionType.PAYMENT, 1.0, Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oldbalanceOrg");
    }

    private static final String GOLDEN_HASH = "3c9cf1a8ba17d189815446426dd9fd00d14a87438dd48cc68c2151a09ed4c020";
    /** Written once by FeaturesV1.compute for the event and states above; bit-exact on every JVM (StrictMath). */
    private static final double[] GOLDEN_VECTOR = {
        0.0, 0.0, 0.0, 0.0, 1.0, 7.313886831633462, -0.2588190451025208, -0.9659258262890683,
        0.6928140138069051, 1.0, 0.0, 0.0, 0.0, 0.0, 1.3862943611198906, 1.3862943611198906,
        1.7889870804270804, 2.135666684336786, 1.1916502246417264, 6.312102120855951, 0.3333333333333333,
        1.0986122886681096, 0.6931471805599453, 0.9333333333333333, 0.0, 1.6094379124341003, 0.0, 1.6094379124341003};
}
