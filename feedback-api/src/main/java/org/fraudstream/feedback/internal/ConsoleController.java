package org.fraudstream.feedback.internal;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The analyst console: {@code GET /console} (one HTML page, its script and style inline, no key:
 * the page asks for it), {@code GET /console/figures} (the scoring app's live figures, key required)
 * and {@code GET /models?limit=N} (the model version timeline, newest first, key required).
 * The page may run only its own script and style, and talk only to this origin (Content-Security-Policy
 * with the hashes of the inline script and style).
 */
public final class ConsoleController {

    public static final String PAGE = "/org/fraudstream/feedback/console.html";

    /** What {@code GET /models} answers. */
    public record Models(int count, List<ModelFeed.ModelVersion> versions) { }

    private final ScoringFigures figures;
    private final ModelFeed models;
    private final byte[] page;
    private final String policy;

    public ConsoleController(ScoringFigures figures, ModelFeed models) {
        this.figures = figures;
        this.models = models;
        final String html = resource(PAGE);
        this.page = html.getBytes(StandardCharsets.UTF_8);
        this.policy = "default-src 'none'; script-src " + hashOf(html, "script") + "; style-src " + hashOf(html, "style")
                + "; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }

    public void page(Context ctx) {
        ctx.header("Content-Security-Policy", policy)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .contentType("text/html; charset=utf-8").result(page);
    }

    public void figures(Context ctx) {
        ctx.header("Cache-Control", "no-store").json(figures.read());
    }

    public void models(Context ctx) {
        final List<ModelFeed.ModelVersion> versions = models.newest(AlertsController.limit(ctx.queryParam("limit")));
        ctx.json(new Models(versions.size(), versions));
    }

    /** The CSP source of the one inline {@code <tag>} element of the page: its SHA-256. */
    static String hashOf(String html, String tag) {
        final int open = html.indexOf("<" + tag + ">");
        final int close = html.indexOf("</" + tag + ">");
        if (open < 0 || close < open || html.lastIndexOf("<" + tag) != open) {
            throw new IllegalStateException(PAGE + " must have exactly one plain <" + tag + "> element");
        }
        final String body = html.substring(open + tag.length() + 2, close);
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ConsoleController.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
