package org.fraudstream.trainer;

import java.nio.file.Path;
import java.time.Duration;
import org.fraudstream.model.ModelBundle;

/**
 * What a training run produced: the bundle (also saved in {@code bundleDir}; its manifest holds
 * the validation metrics) and where the time went.
 */
public record TrainingResult(Path bundleDir, ModelBundle bundle, Duration readTime, Duration trainTime,
        Duration totalTime) {
}
