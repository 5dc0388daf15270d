package org.fraudstream.local;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The soak's figure: one panel per series against minutes since the start, drawn with Java2D (no
 * charting library), the second half shaded (the part the trend verdicts read), min and max labelled.
 */
final class SoakPlot {

    static final int WIDTH = 900;
    static final int PANEL_HEIGHT = 170;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 28;
    private static final int BOTTOM = 24;

    /** One series: its title, e.g. "heap after GC (MB)", and one value per sample (NaN: none). */
    record Series(String title, double[] values) { }

    private SoakPlot() {
    }

    static void write(Path png, String caption, double[] seconds, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final BufferedImage img = new BufferedImage(WIDTH, PANEL_HEIGHT * series.size() + 30, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(caption, 10, 18);
            for (int i = 0; i < series.size(); i++) {
                panel(g, 30 + i * PANEL_HEIGHT, seconds, series.get(i));
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int y0, double[] seconds, Series s) {
        final int x0 = LEFT;
        final int w = WIDTH - LEFT - RIGHT;
        final int top = y0 + TOP;
        final int h = PANEL_HEIGHT - TOP - BOTTOM;
        final double tMax = Math.max(1, seconds.length == 0 ? 1 : seconds[seconds.length - 1]);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : s.values()) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        lo = Math.min(0, lo);
        hi = hi <= lo ? lo + 1 : hi * 1.05;
        g.setColor(new Color(240, 240, 250));
        g.fillRect(x0 + w / 2, top, w - w / 2, h);
        g.setColor(Color.GRAY);
        g.drawRect(x0, top, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.BLACK);
        g.drawString(s.title(), x0, y0 + 20);
        g.drawString(fmt(hi), 5, top + 10);
        g.drawString(fmt(lo), 5, top + h);
        g.drawString("0", x0, top + h + 14);
        g.drawString(String.format("%.1f min", tMax / 60), x0 + w - 40, top + h + 14);
        final Path2D line = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < seconds.length; i++) {
            final double v = s.values()[i];
            if (!Double.isFinite(v)) {
                continue;
            }
            final double x = x0 + w * seconds[i] / tMax;
            final double y = top + h - h * (v - lo) / (hi - lo);
            if (started) {
                line.lineTo(x, y);
            } else {
                line.moveTo(x, y);
                started = true;
            }
            g.fillOval((int) x - 2, (int) y - 2, 4, 4);
        }
        g.setColor(new Color(30, 90, 200));
        g.setStroke(new BasicStroke(1.5f));
        g.draw(line);
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
    }
}
