package se.teknikivast.minasidor.bankid.web;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details with the house {@code type} and a stable {@code code}. */
final class Problems {

    private Problems() {}

    static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        return withCode(problem, code, title);
    }

    static ProblemDetail withCode(ProblemDetail problem, String code, String title) {
        problem.setType(URI.create("https://teknikivast.se/problems/" + code));
        if (title != null) {
            problem.setTitle(title);
        }
        problem.setProperty("code", code);
        return problem;
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "request-failed";
        };
    }
}
