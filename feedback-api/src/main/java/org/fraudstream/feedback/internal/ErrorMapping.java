package org.fraudstream.feedback.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All exception-to-HTTP mapping of the API, in one place. Every error leaves as
 * {@code {"error": CODE, "message": ..., "field": ...}} with the status of its {@link ErrorCode};
 * every 503 and 429 carries {@code Retry-After}, 401 {@code WWW-Authenticate}. The code is also left on the
 * request (attribute {@link #OUTCOME}) for the request metrics.
 */
public final class ErrorMapping {

    /** Request attribute: the {@link ErrorCode} of a failed request, or a success outcome string. */
    public static final String OUTCOME = "fraudstream.outcome";
    /** Seconds a client should wait before retrying after a 503 (BROKER_UNAVAILABLE, SCORING_UNAVAILABLE). */
    public static final int RETRY_AFTER_SECONDS = 5;
    /** Seconds after a 429 (TOO_MANY_REQUESTS): the labels in flight are acknowledged within milliseconds. */
    public static final int RETRY_AFTER_OVERLOAD_SECONDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    /** The error body. {@code field} is left out when there is none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(String error, String message, String field) { }

    private ErrorMapping() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e.code(), e.getMessage(), e.field()));
        // Javalin's own: no route (404), a route without this method (405), and the like.
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            final ErrorCode code = fromStatus(e.getStatus());
            respond(ctx, code, code == ErrorCode.INTERNAL_ERROR ? "unexpected error" : describe(code, ctx), null);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            respond(ctx, ErrorCode.INTERNAL_ERROR, "unexpected error; the service log has the details", null);
        });
        // When the router answers 404/405 without an exception, the body is still ours.
        routes.error(404, ctx -> respondUnlessDone(ctx, ErrorCode.NOT_FOUND));
        routes.error(405, ctx -> respondUnlessDone(ctx, ErrorCode.METHOD_NOT_ALLOWED));
    }

    private static void respondUnlessDone(Context ctx, ErrorCode code) {
        if (ctx.attribute(OUTCOME) == null) {
            respond(ctx, code, describe(code, ctx), null);
        }
    }

    static void respond(Context ctx, ErrorCode code, String message, String field) {
        ctx.attribute(OUTCOME, code);
        if (code.status() == 503) {
            ctx.header(Header.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        } else if (code == ErrorCode.TOO_MANY_REQUESTS) {
            ctx.header(Header.RETRY_AFTER, Integer.toString(RETRY_AFTER_OVERLOAD_SECONDS));
        } else if (code == ErrorCode.UNAUTHORIZED) {
            ctx.header(Header.WWW_AUTHENTICATE, "ApiKey header=\"X-API-Key\"");
        }
        ctx.status(code.status()).json(new ErrorBody(code.name(), message, field));
    }

    private static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> ErrorCode.INTERNAL_ERROR;
        };
    }

    private static String describe(ErrorCode code, Context ctx) {
        return switch (code) {
            case NOT_FOUND -> "no endpoint " + ctx.path() + "; see /openapi.json";
            case METHOD_NOT_ALLOWED -> ctx.path() + " does not take " + ctx.method();
            case PAYLOAD_TOO_LARGE -> "the body is larger than " + RequestBody.MAX_BYTES + " bytes";
            case UNSUPPORTED_MEDIA_TYPE -> "the body must be application/json";
            default -> code.name();
        };
    }
}
