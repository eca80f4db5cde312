package se.teknikivast.minasidor.gateway.management;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import se.teknikivast.minasidor.gateway.problem.ProblemResponses;
import se.teknikivast.minasidor.gateway.problem.ProblemResponses.Problem;
import se.teknikivast.minasidor.problem.Problems;

/**
 * No actuator on the public origin: {@code /actuator/**} (the gateway's own) and {@code /auth/actuator/**}
 * (auth-service's, which would otherwise be proxied) answer 404 before routing, security or the session are looked
 * at. Health and metrics live on the management port, which nothing routes from outside. auth-service's counters
 * (lockouts, registrations) would tell a stranger whether a customer number exists. The same for
 * {@code /auth/internal/**}: auth-service's server-to-server endpoints (the logout back channel), which only the
 * gateway itself calls, straight at auth-service.
 *
 * <p>The path is matched as a backend would read it: percent-decoded, {@code ;} parameters dropped, any case, any
 * segment. No page of ours has a segment called {@code actuator} or {@code internal}.
 */
@Component
final class NoActuatorOnPublicPort implements WebFilter, Ordered {

    static final Problem NOT_FOUND = new Problem(
            HttpStatus.NOT_FOUND,
            Problems.codeFor(HttpStatus.NOT_FOUND),
            "Sidan finns inte",
            "Sidan du söker finns inte på Mina sidor.",
            "finns-inte.html");

    private static final Set<String> HIDDEN_SEGMENTS = Set.of("actuator", "internal");

    private final ApplicationContext application;
    private final ProblemResponses problems;

    NoActuatorOnPublicPort(ApplicationContext application, ProblemResponses problems) {
        this.application = application;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // The management port is served by a child context that inherits this filter; its requests pass. With
        // management on the public port (a misconfiguration) there is one context, and actuator is not reachable.
        if (exchange.getApplicationContext() == application
                && isActuatorPath(exchange.getRequest().getPath().value())) {
            return problems.write(exchange, NOT_FOUND);
        }
        return chain.filter(exchange);
    }

    static boolean isActuatorPath(String rawPath) {
        var path = rawPath;
        // Decoded until stable (a few rounds at most): %2561 is %61 is "a" to whoever decodes twice.
        for (int round = 0; round < 3 && path.indexOf('%') >= 0; round++) {
            try {
                path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                break;
            }
        }
        for (var segment : path.toLowerCase(Locale.ROOT).split("[/\\\\]")) {
            int parameters = segment.indexOf(';');
            var name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (HIDDEN_SEGMENTS.contains(name.strip())) {
                return true;
            }
        }
        return false;
    }

    /** Right after the security headers (which are written on commit), before everything else. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
