package org.fraudstream.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackAppTest {

    @Test
    void shouldExitWithStatus2BeforeConnectingWhenConfigurationIsBad() throws InterruptedException {
        assertThat(FeedbackApp.run(Map.of())).as("no FRAUD_API_KEYS").isEqualTo(2);
        assertThat(FeedbackApp.run(Map.of("FRAUD_API_KEYS", "k-0123456789abcdef",
                "FRAUD_FEEDBACK_KAFKA_SECURITY_PROTOCOL", "CARRIER_PIGEON"))).as("bad client setting").isEqualTo(2);
    }
}
