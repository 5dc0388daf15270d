package org.fraudstream.scoring.internals;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fraudstream.contract.AccountState;
import org.fraudstream.contract.FeaturesV1;

/**
 * The destination's step. In: events keyed by destination account. Reads the destination's state,
 * records the money it receives ({@link FeaturesV1#receive}), and forwards the event keyed by its
 * origin account, carrying the destination's state from before the event (the features of the
 * destination that {@link ScoringProcessor} computes from it).
 */
public final class ReceiveProcessor implements Processor<String, RoutedEvent, String, RoutedEvent> {

    private final String storeName;
    private ProcessorContext<String, RoutedEvent> context;
    private KeyValueStore<String, AccountState> store;

    public ReceiveProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, RoutedEvent> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, RoutedEvent> record) {
        final var e = record.value().event();
        final AccountState stored = store.get(e.nameDest());
        final AccountState before = stored == null ? AccountState.EMPTY : stored;
        store.put(e.nameDest(), FeaturesV1.receive(before, e));
        context.forward(record.withKey(e.nameOrig()).withValue(new RoutedEvent(e, before)));
    }
}
