package se.teknikivast.minasidor.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** auth-service's error answers use the same codes as every other service (problem-details {@code Problems}). */
class ErrorResponsesTests {

    private final ErrorResponses errors = new ErrorResponses(messages());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            400 | invalid-request        | Felaktig begäran
            404 | not-found              | Sidan finns inte
            405 | method-not-allowed     | Metoden stöds inte här
            503 | unavailable            | Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.
            500 | internal-error         | Något gick fel hos oss. Försök igen om en stund.
            """)
    void answersAScriptWithTheSharedCodeOfTheStatus(int status, String code, String title) {
        var request = new MockHttpServletRequest("GET", "/error");
        request.setContextPath("/auth");
        request.addHeader("Accept", "application/json");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/auth/bankid/status");

        var answer = (ResponseEntity<?>) errors.error(request, Locale.forLanguageTag("sv"));

        assertThat(answer.getStatusCode().value()).isEqualTo(status);
        var problem = (ProblemDetail) answer.getBody();
        assertThat(problem).isNotNull();
        assertThat(problem.getType()).hasToString("https://teknikivast.se/problems/" + code);
        assertThat(problem.getProperties()).containsEntry("code", code);
        assertThat(problem.getTitle()).isEqualTo(title);
    }

    private static ResourceBundleMessageSource messages() {
        var messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
