package se.teknikivast.minasidor.customer.web;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details the way every service here writes them: a stable code in {@code type} and {@code code}. */
public final class Problems {

    public static final String TYPE_PREFIX = "https://teknikivast.se/problems/";

    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
