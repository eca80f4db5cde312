package se.teknikivast.minasidor.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import se.teknikivast.minasidor.gateway.clientip.ClientIpResolver;
import se.teknikivast.minasidor.gateway.problem.ProblemResponses;
import se.teknikivast.minasidor.gateway.problem.ProblemResponses.Problem;
import se.teknikivast.minasidor.gateway.ratelimit.RateLimitProperties.Limit;
import se.teknikivast.minasidor.gateway.ratelimit.RateLimitProperties.WhenRedisUnavailable;
import se.teknikivast.minasidor.problem.Problems;

/**
 * Counts the abuse-prone calls per client IP before they reach auth-service. Runs before Spring Security so a
 * flood is turned away without touching the session store.
 */
@Component
final class RateLimitFilter implements WebFilter, Ordered {

    /** Before Spring Security (-100), after the security headers. */
    static final int ORDER = -200;

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    static final Problem TOO_MANY_REQUESTS = new Problem(
            HttpStatus.TOO_MANY_REQUESTS,
            Problems.codeFor(HttpStatus.TOO_MANY_REQUESTS),
            "För många försök",
            "Du har gjort för många försök på kort tid. Vänta en stund och försök sedan igen.",
            "for-manga-forsok.html");

    static final Problem LIMITS_UNAVAILABLE = new Problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            Problems.codeFor(HttpStatus.SERVICE_UNAVAILABLE),
            "Mina sidor är tillfälligt otillgänglig",
            "Mina sidor är tillfälligt otillgänglig. Försök igen om en liten stund.",
            "otillganglig.html");

    private final RateLimitProperties properties;
    private final TokenBuckets buckets;
    private final ClientIpResolver clientIps;
    private final ProblemResponses problems;
    private final List<MatchingLimit> limits;
    private final Map<String, Counter> rejections;
    private final Counter unavailable;

    RateLimitFilter(
            RateLimitProperties properties,
            TokenBuckets buckets,
            ClientIpResolver clientIps,
            ProblemResponses problems,
            MeterRegistry meters) {
        this.properties = properties;
        this.buckets = buckets;
        this.clientIps = clientIps;
        this.problems = problems;
        var parser = PathPatternParser.defaultInstance;
        this.limits = properties.limits().stream()
                .map(limit -> new MatchingLimit(
                        limit, limit.paths().stream().map(parser::parse).toList()))
                .toList();
        // The limit name is the only label: never the client IP (personal data, unbounded cardinality).
        this.rejections = properties.limits().stream()
                .collect(Collectors.toMap(
                        Limit::name,
                        limit -> Counter.builder("minasidor.gateway.rate-limit.rejections")
                                .description("Requests answered 429 by a per-client-IP limit")
                                .tag("limit", limit.name())
                                .register(meters)));
        this.unavailable = Counter.builder("minasidor.gateway.rate-limit.unavailable")
                .description("Requests whose limit could not be checked because Redis did not answer")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!properties.enabled()) {
            return chain.filter(exchange);
        }
        var request = exchange.getRequest();
        var path = request.getPath().pathWithinApplication();
        var limit = limits.stream()
                .filter(candidate -> candidate.limit().methods().contains(request.getMethod()))
                .filter(candidate -> candidate.paths().stream().anyMatch(pattern -> pattern.matches(path)))
                .map(MatchingLimit::limit)
                .findFirst();
        if (limit.isEmpty()) {
            return chain.filter(exchange);
        }
        return check(limit.get(), clientIps.resolve(request)).flatMap(decision -> switch (decision) {
            case ALLOWED -> chain.filter(exchange);
            case REJECTED -> {
                rejections.get(limit.get().name()).increment();
                exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(secondsPerToken(limit.get())));
                yield problems.write(exchange, TOO_MANY_REQUESTS);
            }
            case UNAVAILABLE -> problems.write(exchange, LIMITS_UNAVAILABLE);
        });
    }

    private Mono<Decision> check(Limit limit, String clientIp) {
        var key = properties.keyPrefix() + ":" + limit.name() + ":" + clientIp;
        return buckets.take(key, limit.burst(), limit.perMinute(), properties.redisTimeout())
                .map(allowed -> allowed ? Decision.ALLOWED : Decision.REJECTED)
                .onErrorResume(error -> {
                    unavailable.increment();
                    log.warn(
                            "Rate limit '{}' not checked, Redis did not answer ({}); {}",
                            limit.name(),
                            error.getClass().getSimpleName(),
                            properties.whenRedisUnavailable() == WhenRedisUnavailable.ALLOW ? "allowing" : "refusing");
                    return Mono.just(
                            properties.whenRedisUnavailable() == WhenRedisUnavailable.ALLOW
                                    ? Decision.ALLOWED
                                    : Decision.UNAVAILABLE);
                });
    }

    private static long secondsPerToken(Limit limit) {
        return Math.max(1, Math.round(60.0 / limit.perMinute()));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private enum Decision {
        ALLOWED,
        REJECTED,
        UNAVAILABLE
    }

    private record MatchingLimit(Limit limit, List<PathPattern> paths) {}
}
