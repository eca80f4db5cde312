package se.teknikivast.minasidor.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details in the house format: {@code type} = {@value #TYPE_BASE}{@code <code>} and the same stable
 * {@code code} as a property, so a client can switch on either. Plain functions usable from servlet and reactive code.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://teknikivast.se/problems/";

    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return withCode(problem, code);
    }

    /** Gives a problem made elsewhere (Spring MVC's own errors) the house type and code. */
    public static ProblemDetail withCode(ProblemDetail problem, String code) {
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setProperty("code", code);
        return problem;
    }

    /** The stable code of an error that has no more specific one, by its status. */
    public static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "invalid-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            case 503 -> "unavailable";
            default -> status.is5xxServerError() ? "internal-error" : "request-failed";
        };
    }

    /**
     * The problem as the JSON members RFC 9457 names, then its properties: for code that writes a response itself
     * (security filters run before Spring MVC and its message converters).
     */
    public static Map<String, Object> asJson(ProblemDetail problem, @Nullable String instance) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }
}
