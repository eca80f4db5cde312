package se.teknikivast.minasidor.resourceserver;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import se.teknikivast.minasidor.problem.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security filters' answers as problem details, written before Spring MVC runs: no or a bad token → 401
 * {@code unauthorized}, a token without the scope → 403 {@code forbidden} (both with RFC 6750's
 * {@code WWW-Authenticate}), and a token that cannot be checked at all because auth-service's JWKS is unreachable →
 * 503 {@code authentication-unavailable} with {@code Retry-After}: our dependency being down is not the caller's
 * fault, and Spring Security would otherwise let it end as a 500.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

    private final JsonMapper json = JsonMapper.builder().build();
    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearerEntryPoint.commence(request, response, e);
        write(
                request,
                response,
                Problems.of(
                        HttpStatus.UNAUTHORIZED,
                        "unauthorized",
                        "Inloggning krävs",
                        "En giltig åtkomsttoken för den här tjänsten krävs."));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearerDenied.handle(request, response, e);
        write(
                request,
                response,
                Problems.of(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "Åtkomst nekad",
                        "Åtkomsttoken saknar behörighet (scope) för det här anropet."));
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        if (!(e instanceof AuthenticationServiceException)) {
            commence(request, response, e);
            return;
        }
        log.warn("Cannot verify access tokens: {}", e.getMessage());
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, "5");
        write(
                request,
                response,
                Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "authentication-unavailable",
                        "Tjänsten är inte tillgänglig",
                        "Åtkomsttoken kan inte kontrolleras just nu. Försök igen om en stund."));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.asJson(problem, request.getRequestURI()));
    }
}
