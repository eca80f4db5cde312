package se.teknikivast.minasidor.auth.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import se.teknikivast.minasidor.problem.Problems;

/**
 * Every error that reaches the servlet container's error dispatch (an unknown path, a wrong method or media type, a
 * refused CSRF token, a {@code ResponseStatusException}, an unexpected exception) in place of Spring Boot's Whitelabel
 * page: RFC 9457 {@code application/problem+json} for the JSON endpoints ({@code /bankid/start|qr|status|cancel}) and
 * for clients that do not ask for HTML, a Swedish (or English) error page for browsers. The OAuth2 protocol endpoints
 * write their RFC 6749 errors themselves and never come here. Never a stack trace or exception message. The codes
 * are the platform's ({@link Problems#codeFor}), and each has its title in {@code messages*.properties}
 * ({@code error.<code>}).
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class ErrorResponses implements ErrorController {

    private final MessageSource messages;

    ErrorResponses(MessageSource messages) {
        this.messages = messages;
    }

    @RequestMapping
    Object error(HttpServletRequest request, Locale locale) {
        var status = status(request);
        var code = Problems.codeFor(status);
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
        var problem = Problems.of(status, code, title, title);
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
