package org.fraudstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.fraudstream.contract.JsonSerde;

/**
 * The benchmark's ceiling: a Kafka Streams app that parses each JSON value and writes it back out,
 * doing no more than any JSON-in, JSON-out app must. The pipeline is measured against it.
 */
final class PassthroughTopology {

    private PassthroughTopology() {
    }

    static Topology build(String input, String output) {
        final ObjectReader reader = JsonSerde.MAPPER.readerFor(JsonNode.class);
        final ObjectWriter writer = JsonSerde.MAPPER.writer();
        final StreamsBuilder b = new StreamsBuilder();
        b.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("passthrough-source"))
                .mapValues(v -> {
                    try {
                        return writer.writeValueAsBytes(reader.readTree(v));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, Named.as("json-roundtrip"))
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("passthrough-sink"));
        return b.build();
    }
}
