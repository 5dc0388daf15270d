package org.fraudstream.trainer;

import java.io.PrintStream;
import java.text.DecimalFormat;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;

/** Progress bars on a console stream (stderr), one per phase, with the rate in units per second. */
public final class ConsoleProgress implements ProgressListener {

    private static final int UPDATE_MILLIS = 250;

    private final PrintStream out;
    private ProgressBar bar;

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(String phase, long total, String unit) {
        end();
        final ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(phase)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(UPDATE_MILLIS)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .showSpeed(new DecimalFormat("#,##0"));
        if ("B".equals(unit)) {
            b.setUnit(" MB", 1 << 20);
        } else {
            b.setUnit(" " + unit, 1);
        }
        bar = b.build();
    }

    @Override
    public void step(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(" " + text); // the bar draws it right after the speed
        }
    }

    @Override
    public void end() {
        if (bar != null) {
            if (bar.getMax() < 0) {
                bar.maxHint(bar.getCurrent()); // an indefinite bar ends at 100 %
            }
            bar.close();
            bar = null;
        }
    }
}
