package org.fraudstream.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The accounting of {@code ./fraud bench loop-chaos}: did every accepted label reach the learner
 * exactly once, and do the published versions account for them? In: the labels sent, what the
 * updater turned away (feedback-dlq, feedback-unmatched), the versions on {@code model-updates} and
 * the trainer's committed state changelog, all read with read_committed. Out: a {@link Result}.
 *
 * <p>A model update carries a count ({@code labelsUsed}: labels fitted into it from its parent), not
 * which labels. Which labels the learner took is in its own committed state: each training label
 * is put under {@code b/<seq>} and each holdout label under {@code h/<slot>} of the updater-state
 * store, with its transaction id, and the batch keys are deleted when the batch is fitted. So a label
 * applied twice is a transaction id put twice (committed); a missing one is an accepted id never put.
 * The counts must then close: the labels used by the published versions, plus the holdout, plus what
 * is still in the batch at the end, are the labels accepted.
 */
final class LoopLedger {

    private static final String BATCH = "b/";
    private static final String HOLDOUT = "h/";

    /** One record of {@code model-updates}: its version, parent and {@code labelsUsed}. */
    record Version(String version, String parent, long labelsUsed) {
        Version {
            Objects.requireNonNull(version, "version");
        }
    }

    /** One record of the trainer's state changelog: the key and the transaction id (null: a tombstone or no label). */
    record StateRecord(String key, String transactionId) {
        StateRecord {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * @param labelsSent        distinct labels sent to {@code feedback}
     * @param labelsAccepted    sent minus those on feedback-dlq and feedback-unmatched
     * @param labelsTrained     distinct labels the learner put in a training batch
     * @param labelsHoldout     distinct labels the learner put in the holdout
     * @param labelsHeldAtEnd   training labels still in the batch at the end (not yet in a version)
     * @param labelsUsed        sum of {@code labelsUsed} over the distinct published versions
     * @param appliedTwice      labels the learner took more than once (training or holdout)
     * @param missing           accepted labels the learner never took
     * @param unexpected        labels the learner took that were not sent (or were turned away)
     * @param versionsPublished distinct versions on model-updates
     * @param duplicateVersions records of a version already published
     * @param forks             versions whose parent is not the version published just before them
     */
    record Result(long labelsSent, long labelsAccepted, long labelsTrained, long labelsHoldout, long labelsHeldAtEnd,
                  long labelsUsed, long appliedTwice, long missing, long unexpected, long versionsPublished,
                  long duplicateVersions, long forks) {

        /** Every accepted label taken once, and the published counts close over them. */
        boolean allAccounted() {
            return appliedTwice == 0 && missing == 0 && unexpected == 0 && duplicateVersions == 0 && forks == 0
                    && labelsUsed == labelsTrained - labelsHeldAtEnd
                    && labelsUsed + labelsHoldout + labelsHeldAtEnd == labelsAccepted;
        }

        Map<String, Object> toMap() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("labels_sent", labelsSent);
            m.put("labels_accepted", labelsAccepted);
            m.put("labels_used", labelsUsed);
            m.put("labels_holdout", labelsHoldout);
            m.put("labels_held_at_end", labelsHeldAtEnd);
            m.put("labels_trained", labelsTrained);
            m.put("applied_twice", appliedTwice);
            m.put("missing", missing);
            m.put("unexpected", unexpected);
            m.put("versions_published", versionsPublished);
            m.put("duplicate_versions", duplicateVersions);
            m.put("forks", forks);
            m.put("all_accounted", allAccounted());
            return m;
        }
    }

    private LoopLedger() {
    }

    /**
     * @param sent      transaction ids of the labels sent (each once)
     * @param turnedAway transaction ids found on feedback-dlq or feedback-unmatched
     * @param base      the version the lineage starts from (the parent of the first update)
     * @param versions  model-updates in offset order
     * @param state     the updater-state changelog in offset order
     */
    static Result account(Set<String> sent, Set<String> turnedAway, String base, List<Version> versions,
                          List<StateRecord> state) {
        final Set<String> accepted = new HashSet<>(sent);
        accepted.removeAll(turnedAway);
        final Map<String, Integer> taken = new HashMap<>();
        final Set<String> trained = new HashSet<>();
        final Set<String> holdout = new HashSet<>();
        final Map<String, String> liveBatch = new HashMap<>();
        for (StateRecord r : state) {
            final boolean batch = r.key().startsWith(BATCH);
            if (!batch && !r.key().startsWith(HOLDOUT)) {
                continue;
            }
            if (r.transactionId() == null) {
                liveBatch.remove(r.key());
                continue;
            }
            if (batch && r.transactionId().equals(liveBatch.get(r.key()))) {
                continue; // the same label rewritten under the same key is not a second use
            }
            taken.merge(r.transactionId(), 1, Integer::sum);
            (batch ? trained : holdout).add(r.transactionId());
            if (batch) {
                liveBatch.put(r.key(), r.transactionId());
            }
        }
        final long twice = taken.values().stream().filter(n -> n > 1).count();
        final long missing = accepted.stream().filter(id -> !taken.containsKey(id)).count();
        final long unexpected = taken.keySet().stream().filter(id -> !accepted.contains(id)).count();
        return versionsPart(sent.size(), accepted.size(), trained.size(), holdout.size(), liveBatch.size(), twice,
                missing, unexpected, base, versions);
    }

    private static Result versionsPart(long sent, long accepted, long trained, long holdout, long held, long twice,
                                       long missing, long unexpected, String base, List<Version> versions) {
        final Set<String> seen = new HashSet<>();
        final List<Version> distinct = new ArrayList<>();
        long duplicates = 0;
        long forks = 0;
        String previous = base;
        for (Version v : versions) {
            if (!seen.add(v.version())) {
                duplicates++;
                continue;
            }
            if (!Objects.equals(previous, v.parent())) {
                forks++;
            }
            previous = v.version();
            distinct.add(v);
        }
        final long used = distinct.stream().mapToLong(Version::labelsUsed).sum();
        return new Result(sent, accepted, trained, holdout, held, used, twice, missing, unexpected, distinct.size(),
                duplicates, forks);
    }
}
