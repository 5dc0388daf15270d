package org.fraudstream.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.fraudstream.feedback.internal.RecentFeedback;
import org.fraudstream.feedback.internal.RecentFeedback.Claim;
import org.fraudstream.feedback.internal.RecentFeedback.Receipt;
import org.junit.jupiter.api.Test;

class RecentFeedbackTest {

    private final RecentFeedback recent = new RecentFeedback(3);

    @Test
    void shouldRepeatTheReceiptWhenTheSameLabelComesAgain() {
        final Claim first = recent.claim("t1", "ana", "h1");
        recent.published(first, new Receipt(2, 40));

        final Claim retry = recent.claim("t1", "ana", "h1");

        assertThat(first.owner()).isTrue();
        assertThat(retry.owner()).isFalse();
        assertThat(retry.receipt()).isCompletedWithValue(new Receipt(2, 40));
        assertThat(recent.isLabeled("t1")).isTrue();
    }

    @Test
    void shouldPublishAgainWhenTheLabelIsACorrectionOrFromAnotherAnalyst() {
        recent.published(recent.claim("t1", "ana", "fraud"), new Receipt(0, 1));

        assertThat(recent.claim("t1", "ana", "legit").owner()).as("correction").isTrue();
        assertThat(recent.claim("t1", "bob", "fraud").owner()).as("second analyst").isTrue();
    }

    @Test
    void shouldJoinThePublishInFlightWhenARetryComesBeforeTheAcknowledgement() {
        final Claim first = recent.claim("t1", "ana", "h1");
        final Claim twin = recent.claim("t1", "ana", "h1");
        assertThat(twin.receipt()).isNotDone();

        recent.published(first, new Receipt(1, 7));

        assertThat(twin.owner()).isFalse();
        assertThat(twin.receipt()).isCompletedWithValue(new Receipt(1, 7));
    }

    @Test
    void shouldForgetThePairWhenThePublishFailed() {
        final Claim first = recent.claim("t1", "ana", "h1");
        final Claim twin = recent.claim("t1", "ana", "h1");

        recent.failed(first, new IOException("broker away"));

        assertThat(twin.receipt()).isCompletedExceptionally();
        assertThat(recent.claim("t1", "ana", "h1").owner()).as("the retry publishes").isTrue();
        assertThat(recent.isLabeled("t1")).isFalse();
    }

    @Test
    void shouldKeepTheCorrectionWhenTheEarlierPublishFailsAfterIt() {
        final Claim fraud = recent.claim("t1", "ana", "fraud");
        final Claim legit = recent.claim("t1", "ana", "legit");
        recent.published(legit, new Receipt(0, 9));

        recent.failed(fraud, new IOException("late failure"));

        assertThat(recent.claim("t1", "ana", "legit").owner()).isFalse();
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedWhenFull() {
        for (String t : new String[] {"t1", "t2", "t3"}) {
            recent.published(recent.claim(t, "ana", "h"), new Receipt(0, 0));
        }
        recent.claim("t1", "ana", "h"); // t1 used again: t2 is now the eldest

        recent.published(recent.claim("t4", "ana", "h"), new Receipt(0, 1));

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.claim("t1", "ana", "h").owner()).isFalse();
        assertThat(recent.claim("t2", "ana", "h").owner()).isTrue();
    }
}
