package org.fraudstream.scoring;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.fraudstream.model.Scorer;

/**
 * The scorer that the topology uses right now. Stream threads read it once per record, so a swap
 * takes effect atomically between two records and never in the middle of one.
 */
public final class ModelHolder {

    private final AtomicReference<Scorer> current;

    public ModelHolder(Scorer initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial scorer"));
    }

    public Scorer current() {
        return current.get();
    }

    /** Replaces the scorer; returns the one it replaced. */
    public Scorer swap(Scorer next) {
        return current.getAndSet(Objects.requireNonNull(next, "next scorer"));
    }
}
