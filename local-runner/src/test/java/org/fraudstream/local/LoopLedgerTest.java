package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fraudstream.local.LoopLedger.Result;
import org.fraudstream.local.LoopLedger.StateRecord;
import org.fraudstream.local.LoopLedger.Version;
import org.junit.jupiter.api.Test;

class LoopLedgerTest {

    private static final String BASE = "sgd-base";
    private static final Set<String> SENT = Set.of("t1", "t2", "t3", "t4", "t5", "t6");

    /** t1..t6: t3 and t6 to the holdout, t1 t2 in version 1, t4 t5 in version 2. */
    private static List<StateRecord> cleanState() {
        final List<StateRecord> s = new ArrayList<>();
        s.add(new StateRecord("b/0", "t1"));
        s.add(new StateRecord("counters", null));
        s.add(new StateRecord("b/1", "t2"));
        s.add(new StateRecord("h/0", "t3"));
        s.add(new StateRecord("b/0", null));
        s.add(new StateRecord("b/1", null));
        s.add(new StateRecord("head", null));
        s.add(new StateRecord("b/2", "t4"));
        s.add(new StateRecord("b/3", "t5"));
        s.add(new StateRecord("h/1", "t6"));
        s.add(new StateRecord("b/2", null));
        s.add(new StateRecord("b/3", null));
        return s;
    }

    private static List<Version> twoVersions() {
        return List.of(new Version("v1", BASE, 2), new Version("v2", "v1", 2));
    }

    @Test
    void shouldAccountEveryLabelWhenEachIsTakenOnceAndPublished() {
        final Result r = LoopLedger.account(SENT, Set.of(), BASE, twoVersions(), cleanState());

        assertThat(r.labelsAccepted()).isEqualTo(6);
        assertThat(r.labelsUsed()).isEqualTo(4);
        assertThat(r.labelsHoldout()).isEqualTo(2);
        assertThat(r.appliedTwice()).isZero();
        assertThat(r.missing()).isZero();
        assertThat(r.versionsPublished()).isEqualTo(2);
        assertThat(r.allAccounted()).isTrue();
    }

    @Test
    void shouldCountALabelTakenAgainAfterItsBatchWasFittedAsAppliedTwice() {
        final List<StateRecord> state = cleanState();
        state.add(new StateRecord("b/4", "t5")); // replayed after a restart that kept the state but not the offsets
        final List<Version> versions = new ArrayList<>(twoVersions());
        versions.add(new Version("v3", "v2", 1));
        state.add(new StateRecord("b/4", null));

        final Result r = LoopLedger.account(SENT, Set.of(), BASE, versions, state);

        assertThat(r.appliedTwice()).isEqualTo(1);
        assertThat(r.labelsUsed()).isEqualTo(5);
        assertThat(r.allAccounted()).isFalse();
    }

    @Test
    void shouldCountAcceptedLabelsTheLearnerNeverTookAsMissing() {
        final List<StateRecord> state = cleanState().subList(0, 7); // t4..t6 lost
        final Result r = LoopLedger.account(SENT, Set.of(), BASE, List.of(new Version("v1", BASE, 2)), state);

        assertThat(r.missing()).isEqualTo(3);
        assertThat(r.allAccounted()).isFalse();
    }

    @Test
    void shouldLeaveLabelsTurnedAwayOutOfTheAcceptedOnes() {
        final List<StateRecord> state = cleanState().subList(0, 7);
        final Result r = LoopLedger.account(SENT, Set.of("t4", "t5", "t6"), BASE, List.of(new Version("v1", BASE, 2)),
                state);

        assertThat(r.labelsAccepted()).isEqualTo(3);
        assertThat(r.missing()).isZero();
        assertThat(r.allAccounted()).isTrue();
    }

    @Test
    void shouldCountLabelsStillInTheBatchAtTheEndApart() {
        final List<StateRecord> state = cleanState().subList(0, 10); // v2 not fitted: t4, t5 still held
        final Result r = LoopLedger.account(SENT, Set.of(), BASE, List.of(new Version("v1", BASE, 2)), state);

        assertThat(r.labelsHeldAtEnd()).isEqualTo(2);
        assertThat(r.labelsUsed() + r.labelsHoldout() + r.labelsHeldAtEnd()).isEqualTo(6);
        assertThat(r.allAccounted()).isTrue();
    }

    @Test
    void shouldFailWhenTheVersionsCountMoreLabelsThanTheBatchesHeld() {
        final Result r = LoopLedger.account(SENT, Set.of(), BASE,
                List.of(new Version("v1", BASE, 2), new Version("v2", "v1", 3)), cleanState());

        assertThat(r.appliedTwice()).isZero();
        assertThat(r.labelsUsed()).isEqualTo(5);
        assertThat(r.allAccounted()).isFalse();
    }

    @Test
    void shouldFlagAVersionPublishedTwiceAndAForkedLineage() {
        final List<Version> versions = List.of(new Version("v1", BASE, 2), new Version("v1", BASE, 2),
                new Version("v2", BASE, 2));
        final Result r = LoopLedger.account(SENT, Set.of(), BASE, versions, cleanState());

        assertThat(r.duplicateVersions()).isEqualTo(1);
        assertThat(r.forks()).isEqualTo(1);
        assertThat(r.labelsUsed()).isEqualTo(4);
        assertThat(r.allAccounted()).isFalse();
    }
}
