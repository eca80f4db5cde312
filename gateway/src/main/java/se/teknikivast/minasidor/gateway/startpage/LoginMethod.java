package se.teknikivast.minasidor.gateway.startpage;

import java.util.Collection;
import java.util.Optional;

/**
 * How the customer proved who they are, from the token's {@code amr} claim; its words (the login guide's) are the
 * messages {@code login.method.*}.
 */
enum LoginMethod {
    BANKID("bankid"),
    PASSWORD("pwd");

    static final String UNKNOWN_KEY = "login.method.UNKNOWN";

    private final String amr;

    LoginMethod(String amr) {
        this.amr = amr;
    }

    static Optional<LoginMethod> fromAmr(Collection<String> amr) {
        if (amr == null) {
            return Optional.empty();
        }
        for (var method : values()) {
            if (amr.contains(method.amr)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    String messageKey() {
        return "login.method." + name();
    }
}
