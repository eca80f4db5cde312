package se.teknikivast.minasidor.auth.password;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * docs/security.md, "The defaults" (NIST SP 800-63B-4): 15–256 characters (Unicode code points, any script, spaces
 * allowed), no composition rules, not a common password, and none of the words that belong to this customer or this
 * service. Each refusal has a reason the page explains.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 15;
    public static final int MAX_LENGTH = 256;

    /** Words about the service itself that make a password guessable for anyone targeting our customers. */
    private static final List<String> SERVICE_WORDS =
            List.of("teknikivast", "teknikiväst", "minasidor", "mina sidor", "mina-sidor");

    public enum Refusal {
        TOO_SHORT,
        TOO_LONG,
        COMMON,
        CUSTOMER_NUMBER,
        IDENTITY_NUMBER,
        SERVICE_NAME,
        EMAIL
    }

    /** What the policy knows about the customer choosing the password; any part may be null. */
    public record Context(String customerNumber, String identityNumber, String email) {
        @Override
        public String toString() {
            return "Context[customerNumber=" + customerNumber + ", identityNumber=***, email=***]";
        }
    }

    private final CommonPasswords common;

    PasswordPolicy(CommonPasswords common) {
        this.common = common;
    }

    public Optional<Refusal> check(String password, Context context) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of(Refusal.TOO_SHORT);
        }
        if (length > MAX_LENGTH) {
            return Optional.of(Refusal.TOO_LONG);
        }
        if (common.contains(password) || common.contains(password.strip())) {
            return Optional.of(Refusal.COMMON);
        }
        var lower = password.toLowerCase(Locale.ROOT);
        // Digits without separators, so 19700707-3716 and 197007073716 are caught alike.
        var digits = lower.replaceAll("[\\s+-]", "");
        if (context.customerNumber() != null
                && !context.customerNumber().isBlank()
                && digits.contains(context.customerNumber())) {
            return Optional.of(Refusal.CUSTOMER_NUMBER);
        }
        for (var form : identityForms(context.identityNumber())) {
            if (digits.contains(form)) {
                return Optional.of(Refusal.IDENTITY_NUMBER);
            }
        }
        var letters = lower.replaceAll("[\\s._-]", "");
        for (var word : SERVICE_WORDS) {
            if (lower.contains(word) || letters.contains(word.replaceAll("[\\s._-]", ""))) {
                return Optional.of(Refusal.SERVICE_NAME);
            }
        }
        var local = localPart(context.email());
        if (local != null && local.length() >= 3 && lower.contains(local)) {
            return Optional.of(Refusal.EMAIL);
        }
        return Optional.empty();
    }

    /** The 12-digit form and the 10-digit form without century. */
    private static List<String> identityForms(String identityNumber) {
        var forms = new ArrayList<String>();
        if (identityNumber != null) {
            var digits = identityNumber.replaceAll("\\D", "");
            if (digits.length() == 12) {
                forms.add(digits);
                forms.add(digits.substring(2));
            } else if (digits.length() == 10) {
                forms.add(digits);
            }
        }
        return forms;
    }

    private static String localPart(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return (at > 0 ? email.substring(0, at) : email).toLowerCase(Locale.ROOT);
    }
}
