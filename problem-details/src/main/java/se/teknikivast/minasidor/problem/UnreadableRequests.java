package se.teknikivast.minasidor.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request that cannot even be read is refused before anything else runs, as the client's mistake it is (a 4xx, one
 * DEBUG line) instead of an exception deep inside the application (a 500 and an ERROR): a {@code Content-Type} that is
 * not one media type ({@code *}{@code /*} made Spring MVC's body reading throw), and parameters whose
 * percent-encoding is not UTF-8 (Tomcat throws wherever they are first read). Found by the system tests' bad-input
 * corpus. Registered in every servlet service by {@link ProblemDetailsAutoConfiguration}, right after the character
 * encoding is set.
 *
 * <p>A browser ({@code Accept: text/html}) gets a short Swedish page; anything else a problem detail.
 */
public final class UnreadableRequests extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(UnreadableRequests.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var type = request.getContentType();
        if (type != null && !readableMediaType(type)) {
            refuse(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type är inte en giltig medietyp.");
            return;
        }
        try {
            request.getParameterMap();
        } catch (IllegalStateException | IllegalArgumentException e) {
            refuse(request, response, HttpStatus.BAD_REQUEST, "Begäran innehåller tecken som inte kunde läsas.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean readableMediaType(String type) {
        try {
            var media = MediaType.parseMediaType(type);
            return !media.isWildcardType() && !media.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static void refuse(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        log.debug("{} {} refused with {}: {}", request.getMethod(), request.getRequestURI(), status.value(), detail);
        response.resetBuffer();
        response.setStatus(status.value());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        var accept = request.getHeader("Accept");
        if (accept != null && accept.contains("text/html")) {
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter()
                    .write("<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Ogiltig begäran"
                            + "</title></head><body><main><h1>Ogiltig begäran</h1><p>" + detail
                            + " Gå tillbaka och försök igen.</p></main></body></html>");
            return;
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        var problem = Problems.of(status, Problems.codeFor(status), "Ogiltig begäran", detail);
        response.getWriter().write(json(Problems.asJson(problem, null)));
    }

    /** The flat problem as JSON (its values are our own texts and numbers). */
    private static String json(Map<String, Object> members) {
        var out = new StringBuilder("{");
        members.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(name).append("\":");
            if (value instanceof Number) {
                out.append(value);
            } else {
                out.append('"')
                        .append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
        });
        return out.append('}').toString();
    }
}
