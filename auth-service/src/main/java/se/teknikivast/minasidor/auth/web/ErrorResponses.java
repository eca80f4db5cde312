package se.teknikivast.minasidor.auth.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Every error that reaches the servlet container's error dispatch (an unknown path, a wrong method or media type, a
 * refused CSRF token, a {@code ResponseStatusException}, an unexpected exception) in place of Spring Boot's Whitelabel
 * page: RFC 9457 {@code application/problem+json} for the JSON endpoints ({@code /bankid/start|qr|status|cancel}) and
 * for clients that do not ask for HTML, a Swedish (or English) error page for browsers. The OAuth2 protocol endpoints
 * write their RFC 6749 errors themselves and never come here. Never a stack trace or exception message.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class ErrorResponses implements ErrorController {

    static final String TYPE_BASE = "https://teknikivast.se/problems/";

    private final MessageSource messages;

    ErrorResponses(MessageSource messages) {
        this.messages = messages;
    }

    @RequestMapping
    Object error(HttpServletRequest request, Locale locale) {
        var status = status(request);
        var code = code(status);
        var title =
                messages.getMessage("error." + code, null, messages.getMessage("error.other", null, locale), locale);
        if (request.getAttribute(FormLimits.MESSAGE) instanceof String key) {
            title = messages.getMessage(key, null, title, locale);
        }
        var uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String value ? value : "";
        if (wantsPage(request, uri)) {
            var page = new ModelAndView("error", Map.of("status", status.value(), "title", title), status);
            return page;
        }
        var problem = ProblemDetail.forStatusAndDetail(status, title);
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return ResponseEntity.status(status)
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        var code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        var status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || status.value() < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    /** Stable codes for the {@code type} URI and the {@code code} property (docs/conventions.md "Errors"). */
    static String code(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad-request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case CONTENT_TOO_LARGE -> "too-large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case TOO_MANY_REQUESTS -> "too-many-requests";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.is4xxClientError() ? "bad-request" : "internal-error";
        };
    }

    /**
     * A page for browsers (they send {@code Accept: text/html}) outside the JSON endpoints; problem details for the
     * JSON endpoints whatever they accept, and for everything else.
     */
    static boolean wantsPage(HttpServletRequest request, String requestUri) {
        var uri = requestUri.substring(
                Math.min(requestUri.length(), request.getContextPath().length()));
        if (uri.startsWith("/bankid/") && !uri.startsWith("/bankid/valj")) {
            return false;
        }
        var accept = request.getHeader("Accept");
        return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }
}
