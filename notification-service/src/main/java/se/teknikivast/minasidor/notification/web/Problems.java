package se.teknikivast.minasidor.notification.web;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Problem details in the house format: {@code type} = {@code https://teknikivast.se/problems/<code>} and {@code code}. */
final class Problems {

    private Problems() {}

    static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://teknikivast.se/problems/" + code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
