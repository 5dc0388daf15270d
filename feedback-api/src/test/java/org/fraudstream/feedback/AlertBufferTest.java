package org.fraudstream.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.feedback.internal.AlertBuffer;
import org.junit.jupiter.api.Test;

class AlertBufferTest {

    @Test
    void shouldKeepTheNewestFirstAndDropTheOldestWhenFull() {
        final AlertBuffer buffer = new AlertBuffer(3);
        for (int i = 1; i <= 5; i++) {
            buffer.add(event("t" + i));
        }

        assertThat(ids(buffer.newest(10))).containsExactly("t5", "t4", "t3");
        assertThat(ids(buffer.newest(2))).containsExactly("t5", "t4");
        assertThat(buffer.size()).isEqualTo(3);
    }

    static ScoredEvent event(String id) {
        return new ScoredEvent(id, "C1", 1_700_000_000_000L, 1, TransactionType.TRANSFER, 10.0, 0.9, 0.5, true,
                "m1", "v1", List.of(), null);
    }

    private static List<String> ids(List<ScoredEvent> events) {
        return events.stream().map(ScoredEvent::transactionId).toList();
    }
}
