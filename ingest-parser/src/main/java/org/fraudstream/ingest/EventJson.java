package org.fraudstream.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.fraudstream.contract.TransactionEvent;

/**
 * The one writer of event_v1: a {@link TransactionEvent} in, UTF-8 JSON bytes out, fields in schema
 * order and never the label columns. Doubles are written in their shortest round-trip form, so
 * {@link EventParser} reads back an equal event. Thread-safe.
 */
public final class EventJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int TYPICAL_SIZE = 320;

    private EventJson() {
    }

    public static byte[] write(TransactionEvent e) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(TYPICAL_SIZE);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("transactionId", e.transactionId());
            g.writeNumberField("eventTime", e.eventTimeMs());
            g.writeNumberField("step", e.step());
            g.writeStringField("type", e.type().name());
            g.writeNumberField("amount", e.amount());
            g.writeStringField("nameOrig", e.nameOrig());
            g.writeNumberField("oldbalanceOrg", e.oldbalanceOrg());
            g.writeNumberField("newbalanceOrig", e.newbalanceOrig());
            g.writeStringField("nameDest", e.nameDest());
            g.writeNumberField("oldbalanceDest", e.oldbalanceDest());
            g.writeNumberField("newbalanceDest", e.newbalanceDest());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot happen: writing to memory", ex);
        }
        return out.toByteArray();
    }
}
