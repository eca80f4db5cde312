package se.teknikivast.minasidor.auth.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Size limits of the login pages' forms, checked before anything else reads the request (session, CSRF, controllers):
 * a body over {@code server.tomcat.max-http-form-post-size} answers 413, a field longer than its maximum 400, each with
 * the Swedish error page and one WARN line that names the path and the field, never the value. Without this, Tomcat's
 * refusal to parse an over-size form surfaced as an exception with a stack trace in the log, and a long field was
 * echoed back in the page.
 */
@Configuration(proxyBeanMethods = false)
class FormLimits {

    /** The request attribute {@link ErrorResponses} reads for a more specific message than the status's own. */
    static final String MESSAGE = FormLimits.class.getName() + ".message";

    /** The longest value each form field of these pages may have (characters). */
    static final Map<String, Integer> MAX_LENGTHS = Map.of(
            "customerNumber", 20,
            "identityNumber", 20,
            "email", 254,
            "username", 254,
            "password", 1024,
            "passwordRepeat", 1024,
            "activationCode", 20);

    private static final Logger log = LoggerFactory.getLogger(FormLimits.class);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> formLimitsFilter(TomcatServerProperties tomcat) {
        var registration =
                new FilterRegistrationBean<OncePerRequestFilter>(new Filter(tomcat.getMaxHttpFormPostSize()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static final class Filter extends OncePerRequestFilter {

        private final long maxFormBytes;

        Filter(DataSize maxFormSize) {
            this.maxFormBytes = maxFormSize.toBytes();
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            var type = request.getContentType();
            return !"POST".equals(request.getMethod())
                    || type == null
                    || !type.toLowerCase().startsWith("application/x-www-form-urlencoded");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (maxFormBytes >= 0 && request.getContentLengthLong() > maxFormBytes) {
                // Taking the body stream keeps Tomcat from parsing it as form parameters later, in the error page's
                // dispatch, where the refusal would repeat as an exception and Tomcat's own English page.
                request.getInputStream();
                refuse(
                        request,
                        response,
                        HttpStatus.CONTENT_TOO_LARGE,
                        "a form of " + request.getContentLengthLong() + " bytes");
                return;
            }
            // This filter runs before Boot's CharacterEncodingFilter, and reading a parameter fixes the request's
            // encoding: set it as that filter would, or every å typed in a form arrives as two characters.
            if (request.getCharacterEncoding() == null) {
                request.setCharacterEncoding(StandardCharsets.UTF_8);
            }
            try {
                for (var field : MAX_LENGTHS.entrySet()) {
                    var values = request.getParameterValues(field.getKey());
                    if (values == null) {
                        continue;
                    }
                    for (var value : values) {
                        if (value.length() > field.getValue()) {
                            request.setAttribute(MESSAGE, "error.field-too-long");
                            refuse(
                                    request,
                                    response,
                                    HttpStatus.BAD_REQUEST,
                                    "field " + field.getKey() + " of " + value.length() + " characters");
                            return;
                        }
                    }
                }
            } catch (InvalidParameterException e) {
                // Tomcat could not parse the form (too large without a Content-Length, too many fields, bad encoding).
                // Tomcat repeats that failure whenever the parameters are read again, so the error page's dispatch
                // cannot be used: a short Swedish page of its own.
                var status = HttpStatus.resolve(e.getErrorCode());
                status = status != null && status.is4xxClientError() ? status : HttpStatus.BAD_REQUEST;
                log.warn("Refused an unreadable form on {} with {}", request.getRequestURI(), status.value());
                writeShortPage(request, response, status);
                return;
            }
            chain.doFilter(request, response);
        }

        private static void writeShortPage(HttpServletRequest request, HttpServletResponse response, HttpStatus status)
                throws IOException {
            var title = status == HttpStatus.CONTENT_TOO_LARGE ? "Begäran är för stor" : "Felaktig begäran";
            response.setStatus(status.value());
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter()
                    .write("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>" + title
                            + " – Teknikiväst</title></head><body><main id=\"innehall\"><h1 id=\"rubrik\">" + title
                            + "</h1><p>Det du skickade gick inte att läsa. Börja om från inloggningen.</p><p><a href=\""
                            + request.getContextPath() + "/login\">Till inloggningen</a></p></main></body></html>");
        }

        private static void refuse(
                HttpServletRequest request, HttpServletResponse response, HttpStatus status, String what)
                throws IOException {
            log.warn("Refused {} on {} with {}", what, request.getRequestURI(), status.value());
            // Tomcat reads and drops the rest of the body (up to server.tomcat.max-swallow-size), so a proxy that is
            // still sending it gets the answer rather than a reset connection.
            response.sendError(status.value());
        }
    }
}
