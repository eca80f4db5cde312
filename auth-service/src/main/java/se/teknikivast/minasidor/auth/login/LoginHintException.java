package se.teknikivast.minasidor.auth.login;

import org.springframework.security.authentication.BadCredentialsException;

/** The username was recognised as something that cannot log in here; carries which hint to show. */
final class LoginHintException extends BadCredentialsException {

    private final LoginName.Hint.Kind kind;

    LoginHintException(LoginName.Hint.Kind kind) {
        super("Username needs a hint: " + kind);
        this.kind = kind;
    }

    LoginName.Hint.Kind kind() {
        return kind;
    }
}
