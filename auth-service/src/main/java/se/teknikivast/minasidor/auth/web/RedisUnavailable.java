package se.teknikivast.minasidor.auth.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;
import se.teknikivast.minasidor.problem.Problems;
import se.teknikivast.minasidor.problem.StoreFailures;
import tools.jackson.databind.json.JsonMapper;

/**
 * When Redis refuses a write (full: {@code maxmemory} with {@code noeviction}) or does not answer, the request cannot
 * keep its session or authorization, so whatever page it was about to send would lead nowhere (a login form whose CSRF
 * token was never stored, a redirect to a saved request that is not there). This filter, outside Spring Session's,
 * replaces that answer with a 503 "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund." page (problem
 * details for the JSON endpoints and non-browsers, as {@link ErrorResponses} answers), counts it in
 * {@code minasidor_store_unavailable_total{store="redis"}} and logs one warning line. Spring Session writes a changed
 * session just before the response is committed, so the failure arrives while the response can still be replaced.
 *
 * <p>The page is rendered here, without a session, because the error dispatch would go through Spring Session again.
 */
final class RedisUnavailable extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RedisUnavailable.class);

    private final ITemplateEngine templates;
    private final MessageSource messages;
    private final LocaleResolver locales;
    private final JsonMapper json;
    private final Counter failures;

    RedisUnavailable(
            ITemplateEngine templates,
            MessageSource messages,
            LocaleResolver locales,
            JsonMapper json,
            MeterRegistry meters) {
        this.templates = templates;
        this.messages = messages;
        this.locales = locales;
        this.json = json;
        this.failures = Counter.builder("minasidor.store.unavailable")
                .description("Requests answered 503 because a store refused a write or did not answer")
                .tag("store", "redis")
                .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            var redis = StoreFailures.redis(e);
            if (redis == null) {
                throw e;
            }
            failures.increment();
            // No URI: some carry a one-time token (/losenord/l/…).
            log.warn("A {} request answered 503: Redis refused or did not answer ({})", request.getMethod(), redis);
            if (!response.isCommitted()) {
                answer(request, response);
            }
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var locale = locales.resolveLocale(request);
        var title = messages.getMessage("error.unavailable", null, locale);
        response.resetBuffer();
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(HttpHeaders.RETRY_AFTER, "30");
        if (ErrorResponses.wantsPage(request, request.getRequestURI())) {
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
                    .buildExchange(request, response);
            var context = new WebContext(
                    exchange, locale, Map.of("status", HttpStatus.SERVICE_UNAVAILABLE.value(), "title", title));
            templates.process("error", context, response.getWriter());
        } else {
            var status = HttpStatus.SERVICE_UNAVAILABLE;
            var problem = Problems.asJson(Problems.of(status, Problems.codeFor(status), title, title), null);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(json.writeValueAsString(problem));
        }
        response.flushBuffer();
    }
}
