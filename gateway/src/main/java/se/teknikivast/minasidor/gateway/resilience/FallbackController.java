package se.teknikivast.minasidor.gateway.resilience;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import se.teknikivast.minasidor.gateway.problem.ProblemResponses;
import se.teknikivast.minasidor.gateway.problem.ProblemResponses.Problem;
import se.teknikivast.minasidor.problem.Problems;

/**
 * Where the routes' circuit breakers forward when a backend is down, slow or its breaker is open: a friendly
 * Swedish answer instead of a raw 5xx. Reached only by the gateway's internal forward (any method).
 */
@RestController
class FallbackController {

    static final Problem UNAVAILABLE = new Problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            Problems.codeFor(HttpStatus.SERVICE_UNAVAILABLE),
            "Mina sidor är tillfälligt otillgänglig",
            "Mina sidor är tillfälligt otillgänglig. Försök igen om en liten stund.",
            "otillganglig.html");

    private final ProblemResponses problems;

    FallbackController(ProblemResponses problems) {
        this.problems = problems;
    }

    @RequestMapping("/fel/otillganglig")
    Mono<Void> unavailable(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set("Retry-After", "30");
        return problems.write(exchange, UNAVAILABLE);
    }
}
