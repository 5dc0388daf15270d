package org.fraudstream.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Precision and recall of the anomalies of a run against the ground-truth labels that the replay
 * wrote to a file ({@code transactionId,isFraud,step}), which the scoring path never sees.
 */
record Quality(long frauds, long flagged, long truePositives) {

    static Quality of(Path labelsCsv, Set<String> flaggedIds) throws IOException {
        long frauds = 0;
        long truePositives = 0;
        try (BufferedReader in = Files.newBufferedReader(labelsCsv)) {
            in.readLine(); // header
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                final int a = line.indexOf(',');
                final int b = line.indexOf(',', a + 1);
                if (line.substring(a + 1, b).equals("1")) {
                    frauds++;
                    if (flaggedIds.contains(line.substring(0, a))) {
                        truePositives++;
                    }
                }
            }
        }
        return new Quality(frauds, flaggedIds.size(), truePositives);
    }

    /** Share of flagged events that were fraud (NaN when nothing was flagged). */
    double precision() {
        return flagged == 0 ? Double.NaN : (double) truePositives / flagged;
    }

    /** Share of frauds that were flagged (NaN when there was no fraud). */
    double recall() {
        return frauds == 0 ? Double.NaN : (double) truePositives / frauds;
    }
}
