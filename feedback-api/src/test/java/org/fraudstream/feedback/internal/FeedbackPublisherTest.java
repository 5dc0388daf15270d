package org.fraudstream.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.fraudstream.contract.Topics;
import org.junit.jupiter.api.Test;

class FeedbackPublisherTest {

    @Test
    void shouldLeaveTheLingerOutOfTheRequestTimeoutWhenALingerIsSet() {
        final Map<String, Object> p = FeedbackPublisher.producerConfig("localhost:9092", 5_000,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "2"));

        assertThat(p).containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_998)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void shouldCreateTheProducerWhenALingerIsSet() {
        // The producer refuses delivery.timeout.ms < linger.ms + request.timeout.ms at construction.
        try (FeedbackPublisher publisher = new FeedbackPublisher("127.0.0.1:1", Topics.FEEDBACK,
                Duration.ofMillis(500), Map.of(ProducerConfig.LINGER_MS_CONFIG, "5"))) {
            assertThat(publisher.producer()).isNotNull();
        }
    }

    @Test
    void shouldNameTheSettingWhenTheLingerLeavesNoTimeForTheRequest() {
        assertThatThrownBy(() -> FeedbackPublisher.producerConfig("localhost:9092", 1_000,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "900")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FRAUD_FEEDBACK_KAFKA_LINGER_MS");
        assertThatThrownBy(() -> FeedbackPublisher.producerConfig("localhost:9092", 1_000,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FRAUD_FEEDBACK_KAFKA_LINGER_MS");
    }
}
