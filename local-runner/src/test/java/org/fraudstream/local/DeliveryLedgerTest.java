package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    @Test
    void shouldCountNothingMissingWhenEveryRecordComesOutOnce() {
        final DeliveryLedger ledger = ledgerWith(5, 2);
        for (int i = 0; i < 5; i++) {
            ledger.scored(ledger.eventId(i));
        }
        ledger.rejected(true, 0, 10, null);
        ledger.rejected(true, 1, 7, "r1-invalid-1"); // a made-up id in the payload: known by its offset

        assertThat(ledger.sent()).isEqualTo(7);
        assertThat(ledger.missing()).isZero();
        assertThat(ledger.duplicates()).isZero();
        assertThat(ledger.unexpected()).isZero();
    }

    @Test
    void shouldCountMissingAndDuplicatesOfEventsAndMalformedRecords() {
        final DeliveryLedger ledger = ledgerWith(5, 2);
        ledger.scored(ledger.eventId(0));
        ledger.scored(ledger.eventId(0));
        ledger.scored(ledger.eventId(0)); // three times: two duplicates
        ledger.scored(ledger.eventId(1));
        ledger.scored(ledger.eventId(3));
        ledger.scored(ledger.eventId(3)); // one duplicate
        ledger.rejected(true, 0, 10, null);
        ledger.rejected(true, 0, 10, null); // one duplicate of a malformed record
        // events 2 and 4 and the malformed record at 1/7 never come out

        assertThat(ledger.missing()).isEqualTo(3);
        assertThat(ledger.duplicates()).isEqualTo(4);
        assertThat(ledger.duplicatedRecords()).isEqualTo(3);
        assertThat(ledger.unexpected()).isZero();
    }

    @Test
    void shouldCountAValidEventRejectedWhileProcessingByItsId() {
        final DeliveryLedger ledger = ledgerWith(2, 0);
        ledger.scored(ledger.eventId(0));
        ledger.rejected(true, 3, 99, ledger.eventId(1)); // not a malformed offset: its id counts

        assertThat(ledger.missing()).isZero();
        assertThat(ledger.duplicates()).isZero();
    }

    @Test
    void shouldCountOutcomesMatchingNothingSentAsUnexpected() {
        final DeliveryLedger ledger = ledgerWith(2, 1);
        ledger.scored("other-run-0");
        ledger.scored("r1-2"); // beyond the events sent
        ledger.scored("r1-x");
        ledger.scored("r1-");
        ledger.rejected(true, 0, 11, null); // not an offset of a malformed record
        ledger.rejected(false, 0, 10, null); // the right offset, but of another topic

        assertThat(ledger.unexpected()).isEqualTo(6);
        assertThat(ledger.missing()).isEqualTo(3);
        assertThat(ledger.duplicates()).isZero();
    }

    @Test
    void shouldRefuseEventsOutOfOrderAndAMalformedOffsetTwice() {
        final DeliveryLedger ledger = ledgerWith(1, 1);
        assertThatThrownBy(() -> ledger.sentEvent(5)).hasMessageContaining("expected 1, got 5");
        assertThatThrownBy(() -> ledger.sentMalformed(0, 10)).hasMessageContaining("recorded twice");
    }

    @Test
    void shouldGrowPastItsInitialCapacity() {
        final DeliveryLedger ledger = ledgerWith(200_000, 3_000);
        for (int i = 0; i < 200_000; i += 2) {
            ledger.scored(ledger.eventId(i));
        }
        assertThat(ledger.missing()).isEqualTo(100_000 + 3_000);
    }

    /** {@code events} valid events, then {@code malformed} malformed records at 0/10, 1/7, 0/11, 0/12... */
    private static DeliveryLedger ledgerWith(int events, int malformed) {
        final DeliveryLedger ledger = new DeliveryLedger("r1");
        for (int i = 0; i < events; i++) {
            ledger.sentEvent(i);
        }
        for (int i = 0; i < malformed; i++) {
            if (i == 0) {
                ledger.sentMalformed(0, 10);
            } else if (i == 1) {
                ledger.sentMalformed(1, 7);
            } else {
                ledger.sentMalformed(0, 9 + i);
            }
        }
        return ledger;
    }
}
