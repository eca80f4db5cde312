package se.teknikivast.minasidor.gateway.resilience;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import se.teknikivast.minasidor.gateway.problem.ProblemResponses;
import se.teknikivast.minasidor.problem.StoreFailures;

/**
 * When Redis does not answer or refuses a write, the gateway can neither read a session nor keep one, so it cannot
 * start a login (the authorization request lives in the session) nor know who is logged in. Instead of an empty 500
 * the customer gets the Swedish "Mina sidor är tillfälligt otillgänglig … Försök igen" page (problem details for API
 * calls and scripts), a 503 with Retry-After; counted in {@code minasidor_store_unavailable_total{store="redis"}} and
 * logged as one warning line without the path (some carry one-time codes).
 *
 * <p>Two places fail. Reading the session fails while the request is handled: {@link #handle} answers, ahead of Boot's
 * error handler (order -1). Saving it fails when the response is committed (WebFlux saves a changed session just
 * before), too late for any error handler: the response's commit would be half done and Reactor Netty answers an empty
 * 500. So {@link #apply} wraps every response so that what must happen before its commit (the session's save, the
 * headers Spring Security adds) runs first, while the answer can still be replaced.
 */
@Component
@Order(-2)
class RedisUnavailable implements WebExceptionHandler, HttpHandlerDecoratorFactory {

    private static final Logger log = LoggerFactory.getLogger(RedisUnavailable.class);

    private final ProblemResponses problems;
    private final Counter failures;

    RedisUnavailable(ProblemResponses problems, MeterRegistry meters) {
        this.problems = problems;
        this.failures = Counter.builder("minasidor.store.unavailable")
                .description("Requests answered 503 because a store refused a write or did not answer")
                .tag("store", "redis")
                .register(meters);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        var redis = StoreFailures.redis(failure);
        if (redis == null || exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        return answer(exchange.getRequest(), exchange.getResponse(), redis);
    }

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> handler.handle(request, new SavedBeforeCommit(request, response));
    }

    private Mono<Void> answer(ServerHttpRequest request, ServerHttpResponse response, String redis) {
        failures.increment();
        log.warn("A {} request answered 503: Redis refused or did not answer ({})", request.getMethod(), redis);
        response.getHeaders().remove(HttpHeaders.LOCATION);
        response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        response.getCookies().clear();
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
        return problems.write(request, response, FallbackController.UNAVAILABLE);
    }

    /**
     * Runs the actions registered to happen before the commit itself, all of them, then commits: the original answer
     * if they succeeded, the 503 if one failed on Redis, the failure otherwise (as the response itself would).
     */
    private final class SavedBeforeCommit extends ServerHttpResponseDecorator {

        private final ServerHttpRequest request;
        private final List<Supplier<? extends Mono<Void>>> actions = new CopyOnWriteArrayList<>();
        private final AtomicBoolean ran = new AtomicBoolean();

        SavedBeforeCommit(ServerHttpRequest request, ServerHttpResponse response) {
            super(response);
            this.request = request;
        }

        @Override
        public void beforeCommit(Supplier<? extends Mono<Void>> action) {
            actions.add(action);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return commit(response -> response.writeWith(body), body);
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return commit(
                    response -> response.writeAndFlushWith(body),
                    Flux.from(body).flatMap(Flux::from));
        }

        @Override
        public Mono<Void> setComplete() {
            return commit(ServerHttpResponse::setComplete, null);
        }

        private Mono<Void> commit(
                Function<ServerHttpResponse, Mono<Void>> original, Publisher<? extends DataBuffer> body) {
            if (!ran.compareAndSet(false, true)) {
                return original.apply(getDelegate());
            }
            var failure = new AtomicReference<Throwable>();
            return Flux.fromIterable(actions)
                    .concatMap(action -> Mono.defer(action).onErrorResume(error -> {
                        failure.compareAndSet(null, error);
                        return Mono.empty();
                    }))
                    .then(Mono.defer(() -> {
                        var error = failure.get();
                        if (error == null) {
                            return original.apply(getDelegate());
                        }
                        var redis = StoreFailures.redis(error);
                        if (redis == null || getDelegate().isCommitted()) {
                            return Mono.error(error);
                        }
                        if (body != null) {
                            // The original answer is not sent: release what it had already made.
                            Flux.from(body)
                                    .doOnNext(org.springframework.core.io.buffer.DataBufferUtils::release)
                                    .subscribe(buffer -> {}, ignored -> {});
                        }
                        return answer(request, getDelegate(), redis);
                    }));
        }
    }
}
