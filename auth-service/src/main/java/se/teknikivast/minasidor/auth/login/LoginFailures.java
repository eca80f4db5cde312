package se.teknikivast.minasidor.auth.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * After a failed login: redirect (POST-redirect-GET) to the login page with a message code. The code says nothing
 * about the account: unknown customer, wrong password and locked account all get {@code fel}. What the customer
 * typed is kept in the session (not the URL) so the field can be filled in again.
 */
@Component
final class LoginFailures implements AuthenticationFailureHandler {

    static final String TYPED_USERNAME = LoginFailures.class.getName() + ".username";

    enum Message {
        FEL("fel"),
        ORG16("org16"),
        PERSONNUMMER("personnummer"),
        TEKNISKT("tekniskt");

        final String code;

        Message(String code) {
            this.code = code;
        }

        static Message of(String code) {
            for (var message : values()) {
                if (message.code.equals(code)) {
                    return message;
                }
            }
            return null;
        }
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        var message = switch (exception) {
            case LoginHintException hint ->
                hint.kind() == LoginName.Hint.Kind.PERSONAL_NUMBER ? Message.PERSONNUMMER : Message.ORG16;
            case AuthenticationServiceException unavailable -> Message.TEKNISKT;
            default -> Message.FEL;
        };
        var username = request.getParameter("username");
        // A personal number is not echoed back into the page.
        if (message != Message.PERSONNUMMER && username != null && username.length() <= 32) {
            request.getSession().setAttribute(TYPED_USERNAME, username.strip());
        }
        response.sendRedirect(request.getContextPath() + "/login?fel=" + message.code);
    }
}
