package org.fraudstream.model;

import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Keeps Tribuo's SGD trainer off the console and turns its log lines into progress. Tribuo logs
 * through java.util.logging straight to stderr, which would tear through a progress bar, and its
 * trainer has no progress hook, but it logs "At iteration N, ..." every {@code loggingInterval}
 * updates. While training runs, that logger's lines come only here: iteration lines of the
 * training thread become progress, everything else goes to SLF4J at debug level. The logger's
 * level and handlers are restored afterwards.
 */
final class TribuoLogging {

    private static final String TRAINER_LOGGER = "org.tribuo.common.sgd.AbstractSGDTrainer";
    private static final Pattern ITERATION = Pattern.compile("At iteration (\\d+)");
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(SgdTrainer.class);

    private TribuoLogging() {
    }

    /**
     * Runs {@code training}, reporting examples processed to {@code examplesDone} (may be null).
     */
    static <T> T during(LongConsumer examplesDone, int minibatchSize, Supplier<T> training) {
        final Logger logger = Logger.getLogger(TRAINER_LOGGER);
        final Handler handler = new Forwarder(Thread.currentThread().getId(), examplesDone, minibatchSize);
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

    private static final class Forwarder extends Handler {

        private final long thread;
        private final LongConsumer examplesDone;
        private final int minibatchSize;

        Forwarder(long thread, LongConsumer examplesDone, int minibatchSize) {
            this.thread = thread;
            this.examplesDone = examplesDone;
            this.minibatchSize = minibatchSize;
        }

        @Override
        public void publish(LogRecord rec) {
            final String msg = rec.getMessage() == null ? "" : rec.getMessage();
            final Matcher m = ITERATION.matcher(msg);
            if (m.find()) {
                if (examplesDone != null && rec.getLongThreadID() == thread) {
                    examplesDone.accept(Long.parseLong(m.group(1)) * minibatchSize);
                }
            } else {
                LOG.debug("tribuo: {}", msg);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
