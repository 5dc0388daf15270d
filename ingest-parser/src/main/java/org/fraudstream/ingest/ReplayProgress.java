package org.fraudstream.ingest;

/** Called by {@link Replayer} about once per second, on the replaying thread. */
@FunctionalInterface
public interface ReplayProgress {

    void onProgress(ReplayStats soFar);

    ReplayProgress NONE = s -> { };
}
