package se.teknikivast.minasidor.gateway.startpage;

import java.util.Collection;
import java.util.Optional;

/** How the customer proved who they are, from the token's {@code amr} claim, in the words of the login guide. */
enum LoginMethod {
    BANKID("bankid", "Mobilt BankID"),
    PASSWORD("pwd", "Kundnummer och lösenord");

    private final String amr;
    private final String swedish;

    LoginMethod(String amr, String swedish) {
        this.amr = amr;
        this.swedish = swedish;
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

    String swedish() {
        return swedish;
    }
}
