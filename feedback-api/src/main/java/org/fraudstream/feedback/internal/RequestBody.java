package org.fraudstream.feedback.internal;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a JSON request body: {@code application/json} (UTF-8, or no charset) only, and at most
 * {@link #MAX_BYTES}. A declared length over the limit is refused before reading; a body without
 * one (chunked) is read up to one byte past the limit, never further.
 */
public final class RequestBody {

    /** 64 KiB: a label with the longest note is under 10 KiB. */
    public static final int MAX_BYTES = 64 * 1024;

    private RequestBody() {
    }

    public static byte[] readJson(Context ctx) {
        requireJson(ctx.header("Content-Type"));
        final long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        final byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            // A declared length frames the body: read exactly that (one array of its size). Without
            // one, read in the JDK's 8 KiB chunks up to one byte past the limit.
            body = in.readNBytes(declared >= 0 ? (int) declared : MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the body could not be read: " + e.getMessage());
        }
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        return body;
    }

    static void requireJson(String contentType) {
        if (contentType == null) {
            throw unsupported("no Content-Type; send application/json");
        }
        // split(";", -1) keeps empty parts: ";" is ["", ""], never an empty array
        final String[] parts = contentType.split(";", -1);
        final String mediaType = parts[0].strip();
        if (mediaType.isEmpty()) {
            throw unsupported("the Content-Type names no media type; send application/json");
        }
        if (!mediaType.equalsIgnoreCase("application/json")) {
            throw unsupported("Content-Type " + truncate(mediaType) + " is not application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            final String p = parts[i].strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=") && !p.substring("charset=".length()).replace("\"", "").equals("utf-8")) {
                throw unsupported("only UTF-8 JSON is accepted, not " + truncate(p));
            }
        }
    }

    /** A header is echoed in the answer: at most 100 characters of it. */
    private static String truncate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    private static ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than " + MAX_BYTES + " bytes");
    }

    private static ApiException unsupported(String message) {
        return new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
    }
}
