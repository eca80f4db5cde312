package se.teknikivast.minasidor.gateway.resilience;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * A client that hangs up while the gateway still reads its request (a body shorter than its Content-Length, a
 * browser tab closed halfway through a form post) is nobody's error but its own, and nobody is left to answer: one
 * DEBUG line, no 500 and no ERROR. Without this, WebFlux logged such a POST to {@code /auth/login} (whose form the
 * CSRF filter reads) as "500 Server Error" with a stack trace, because it does not count Reactor Netty's
 * {@code AbortedException} as a lost client. Found with the bad-input corpus.
 */
@Component
@Order(-3)
class ClientGone implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ClientGone.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (!isAborted(failure)) {
            return Mono.error(failure);
        }
        log.debug(
                "The client of a {} request hung up before it was answered",
                exchange.getRequest().getMethod());
        return Mono.empty();
    }

    static boolean isAborted(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AbortedException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
