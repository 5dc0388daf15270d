package org.fraudstream.scoring.internals;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.ingest.EventJson;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.ingest.ParseResult;
import org.fraudstream.scoring.ScoringMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an unexpected exception while processing a record into a dlq_v1 record (reason
 * {@link RejectReason#PROCESSING_ERROR}) with the raw source bytes, and goes on: one poisonous
 * record never stops the stream, and it is never dropped silently either.
 */
public final class DlqProcessingExceptionHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DlqProcessingExceptionHandler.class);
    private static final JsonSerde<DlqRecord> SERDE = JsonSerde.of(DlqRecord.class);

    /** Config key under which the app passes its {@link ScoringMetrics} instance (absent: not counted). */
    public static final String METRICS_CONFIG = "fraud.scoring.metrics";

    private final EventParser parser = new EventParser();
    private String dlqTopic;
    private ScoringMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        final Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new IllegalArgumentException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                    + " must name the DLQ topic for " + getClass().getSimpleName());
        }
        this.dlqTopic = topic.toString();
        if (configs.get(METRICS_CONFIG) instanceof ScoringMetrics m) {
            this.metrics = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext ctx, Record<?, ?> record, Exception exception) {
        LOG.error("processing failed at {}-{}@{} in {}; the record goes to {}", ctx.topic(), ctx.partition(),
                ctx.offset(), ctx.processorNodeId(), dlqTopic, exception);
        if (metrics != null) {
            metrics.rejected(RejectReason.PROCESSING_ERROR);
        }
        // After parsing, the source is an internal repartition topic in a binary format: the DLQ gets
        // the event back as event_v1 JSON, which a user can read and replay.
        final byte[] raw = record.value() instanceof RoutedEvent r ? EventJson.write(r.event()) : ctx.sourceRawValue();
        // The id lets a verifier account for this record like any other; it is there when the source parsed.
        final String txnId = record.value() instanceof RoutedEvent r ? r.event().transactionId()
                : parser.parse(raw) instanceof ParseResult.Valid v ? v.event().transactionId() : null;
        final DlqRecord dlq = DlqRecords.of(RejectReason.PROCESSING_ERROR,
                exception.getClass().getName() + ": " + exception.getMessage(), txnId, raw,
                ctx.topic(), ctx.partition(), ctx.offset(), System.currentTimeMillis());
        return Response.resume(List.of(new ProducerRecord<>(dlqTopic, null, ctx.sourceRawKey(),
                SERDE.toBytes(dlq), DlqHeaders.of(dlq))));
    }
}
