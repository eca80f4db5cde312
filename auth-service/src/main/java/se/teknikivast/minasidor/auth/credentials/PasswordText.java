package se.teknikivast.minasidor.auth.credentials;

import java.text.Normalizer;

/**
 * The form a password is checked and hashed in: Unicode NFKC (NIST SP 800-63B-4), so the same password typed on two
 * keyboards — a precomposed "å" or "a" with a combining ring, full-width digits from an East Asian input method — is
 * the same password.
 */
public final class PasswordText {

    private PasswordText() {}

    public static String normalized(CharSequence password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }
}
