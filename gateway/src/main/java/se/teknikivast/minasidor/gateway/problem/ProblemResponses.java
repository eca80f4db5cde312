package se.teknikivast.minasidor.gateway.problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import se.teknikivast.minasidor.gateway.language.LanguageResolver;
import se.teknikivast.minasidor.problem.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers written by filters, before any controller runs: an RFC 9457 problem for API calls and scripts, a page
 * for a browser navigating (Swedish, or English when the customer chose English on the login page). The pages are fixed text (no request data), so they are plain files. The problem
 * document is the platform's format ({@link Problems}).
 */
@Component
public final class ProblemResponses {

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        return write(exchange.getRequest(), exchange.getResponse(), problem);
    }

    /** As {@link #write(ServerWebExchange, Problem)}, below the web handler (no exchange yet). */
    public Mono<Void> write(ServerHttpRequest request, ServerHttpResponse response, Problem problem) {
        response.setStatusCode(problem.status());
        response.getHeaders().setCacheControl("no-store");
        byte[] body;
        if (wantsHtml(request)) {
            response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
            body = page(problem.page(), LanguageResolver.of(request));
        } else {
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            body = json.writeValueAsBytes(problem.asJson(request.getPath().value()));
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** A browser navigation (not fetch/XHR, not an API path) gets a page; everything else a problem document. */
    public static boolean wantsHtml(ServerWebExchange exchange) {
        return wantsHtml(exchange.getRequest());
    }

    static boolean wantsHtml(ServerHttpRequest request) {
        var path = request.getPath().value();
        if (path.startsWith("/api/")) {
            return false;
        }
        List<MediaType> accepted = request.getHeaders().getAccept();
        return accepted.stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
    }

    /** The page in the customer's language: {@code pages/en/<name>} in English, {@code pages/<name>} in Swedish. */
    private static byte[] page(String name, Locale language) {
        var english = new ClassPathResource("pages/en/" + name);
        try {
            return language.getLanguage().equals("en") && english.exists()
                    ? english.getContentAsByteArray()
                    : new ClassPathResource("pages/" + name).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A problem with a stable code, Swedish text for the customer and the static page that says the same. */
    public record Problem(HttpStatus status, String code, String title, String detail, String page) {

        Map<String, Object> asJson(String instance) {
            return Problems.asJson(Problems.of(status, code, title, detail), instance);
        }
    }
}
