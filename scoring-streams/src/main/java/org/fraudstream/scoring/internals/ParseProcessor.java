package org.fraudstream.scoring.internals;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.ingest.ParseResult;
import org.fraudstream.scoring.ScoringMetrics;

/**
 * Raw bytes in; an {@link ParseOutcome.Accepted} event or a {@link ParseOutcome.Rejected} DLQ record
 * out. Rejections carry the source topic, partition and offset in the body and as headers.
 */
public final class ParseProcessor implements FixedKeyProcessor<String, byte[], ParseOutcome> {

    private final EventParser parser;
    private final ScoringMetrics metrics;
    private FixedKeyProcessorContext<String, ParseOutcome> context;

    public ParseProcessor(EventParser parser, ScoringMetrics metrics) {
        this.parser = parser;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ParseOutcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        metrics.eventIn();
        final ParseResult result = parser.parse(record.value());
        if (result instanceof ParseResult.Valid valid) {
            context.forward(record.withValue(new ParseOutcome.Accepted(valid.event())));
        } else if (result instanceof ParseResult.Invalid invalid) {
            metrics.rejected(invalid.reason());
            final DlqRecord dlq = toDlq(invalid, record.value(), context.recordMetadata().orElse(null),
                    context.currentSystemTimeMs());
            context.forward(record.withValue((ParseOutcome) new ParseOutcome.Rejected(dlq))
                    .withHeaders(DlqHeaders.of(dlq)));
        }
    }

    private static DlqRecord toDlq(ParseResult.Invalid invalid, byte[] payload, RecordMetadata source, long nowMs) {
        return source == null
                ? DlqRecords.of(invalid.reason(), invalid.detail(), invalid.transactionId(), payload, null, -1, -1L, nowMs)
                : DlqRecords.of(invalid.reason(), invalid.detail(), invalid.transactionId(), payload,
                        source.topic(), source.partition(), source.offset(), nowMs);
    }
}
