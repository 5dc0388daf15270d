package org.fraudstream.ingest;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.fraudstream.contract.Label;
import org.fraudstream.contract.Topic;
import org.fraudstream.contract.Topics;

/** Where the replay's ground truth goes: a CSV file and/or a labels topic (keyed by transaction id). */
final class LabelWriter implements Closeable {

    static final String HEADER = "transactionId,isFraud,step";

    private final Writer file;
    private final Producer<String, byte[]> producer;
    private final Topic<String, Label> topic;
    private final Serializer<Label> serializer;

    private LabelWriter(Writer file, Producer<String, byte[]> producer, Topic<String, Label> topic) {
        this.file = file;
        this.producer = producer;
        this.topic = topic;
        this.serializer = topic == null ? null : topic.valueSerde().serializer();
    }

    static LabelWriter open(ReplayConfig cfg, Producer<String, byte[]> producer) {
        Writer file = null;
        if (cfg.labelsFile() != null) {
            try {
                file = Files.newBufferedWriter(cfg.labelsFile(), StandardCharsets.UTF_8);
                file.write(HEADER);
                file.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write labels file " + cfg.labelsFile() + ": " + e.getMessage(), e);
            }
        }
        final Topic<String, Label> topic = cfg.labelsTopic() == null ? null : Topics.LABELS.withName(cfg.labelsTopic());
        return new LabelWriter(file, producer, topic);
    }

    boolean enabled() {
        return file != null || topic != null;
    }

    void write(Label label, Callback callback) {
        if (file != null) {
            try {
                file.write(label.transactionId() + ',' + (label.fraud() ? '1' : '0') + ',' + label.step() + '\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write labels file: " + e.getMessage(), e);
            }
        }
        if (topic != null) {
            producer.send(new ProducerRecord<>(topic.name(), label.transactionId(),
                    serializer.serialize(topic.name(), label)), callback);
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close labels file: " + e.getMessage(), e);
            }
        }
    }
}
