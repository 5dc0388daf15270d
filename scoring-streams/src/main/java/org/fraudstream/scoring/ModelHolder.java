package org.fraudstream.scoring;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.model.Scorer;

/**
 * The scorer that the topology uses right now, and the model update it came from (none for the
 * trained bundle it started with). Stream threads read it once per record, so a swap takes effect
 * atomically between two records and never in the middle of one.
 */
public final class ModelHolder {

    private record InUse(Scorer scorer, ModelUpdate update) { }

    private final AtomicReference<InUse> current;

    public ModelHolder(Scorer initial) {
        this.current = new AtomicReference<>(new InUse(Objects.requireNonNull(initial, "initial scorer"), null));
    }

    public Scorer current() {
        return current.get().scorer();
    }

    /** The model update whose weights score now; empty while the trained bundle's own do. */
    public Optional<ModelUpdate> appliedUpdate() {
        return Optional.ofNullable(current.get().update());
    }

    /** Replaces the scorer (not from a model update); returns the one it replaced. */
    public Scorer swap(Scorer next) {
        return current.getAndSet(new InUse(Objects.requireNonNull(next, "next scorer"), null)).scorer();
    }

    /** Replaces the scorer with {@code next}, made from {@code update}; returns the one it replaced. */
    public Scorer swap(Scorer next, ModelUpdate update) {
        return current.getAndSet(new InUse(Objects.requireNonNull(next, "next scorer"),
                Objects.requireNonNull(update, "update"))).scorer();
    }
}
