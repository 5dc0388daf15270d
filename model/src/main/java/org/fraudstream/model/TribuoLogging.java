package org.fraudstream.model;

import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Tribuo's SGD log lines ("At iteration N, average loss = ...") into progress callbacks:
 * Tribuo's trainer has no progress hook, but it logs every {@code loggingInterval} updates.
 * While training, the trainer's logger sends its lines only here (not to the console); its level
 * and handlers are restored afterwards. Lines from other threads are ignored.
 */
final class TribuoProgress {

    private static final String TRAINER_LOGGER = "org.tribuo.common.sgd.AbstractSGDTrainer";
    private static final Pattern ITERATION = Pattern.compile("At iteration (\\d+)");

    private TribuoProgress() {
    }

    static <T> T during(LongConsumer examplesDone, int minibatchSize, Supplier<T> training) {
        final Logger logger = Logger.getLogger(TRAINER_LOGGER);
        final long thread = Thread.currentThread().getId();
        final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord rec) {
                final Matcher m = rec.getMessage() == null ? null : ITERATION.matcher(rec.getMessage());
                if (rec.getLongThreadID() == thread && m != null && m.find()) {
                    examplesDone.accept(Long.parseLong(m.group(1)) * minibatchSize);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        final Level level = logger.getLevel();
        final boolean parents = logger.getUseParentHandlers();
        logger.setLevel(Level.INFO);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            return training.get();
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parents);
            logger.setLevel(level);
        }
    }
}
