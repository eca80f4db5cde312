package se.teknikivast.minasidor.identity;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The masked forms of personal data, for logs, audit lines, the delivery log and support screens, from values that
 * may not (or not yet) be valid: {@code a***@example.se}, {@code 19121212-****}, and free text (an SMTP server's reply,
 * an exception message) with its addresses, links and identity numbers masked. Valid values have the same forms
 * through {@link EmailAddress#masked()} and {@link IdentityNumber#masked()}.
 */
public final class Masking {

    private static final Pattern ADDRESS = Pattern.compile("([^\\s<>\"'(),;:@]+)@([A-Za-z0-9.\\-\\[\\]]+)");
    private static final Pattern LINK = Pattern.compile("(https?://[^/\\s\"'<>]+)[^\\s\"'<>]*");
    /** Ten or twelve digits (19, 20 or 16 first), with or without the hyphen or plus before the last four. */
    private static final Pattern IDENTITY_NUMBER =
            Pattern.compile("(?<![0-9])((?:19|20|16)?[0-9]{6})[-+]?[0-9]{4}(?![0-9])");

    private Masking() {}

    /** {@code Anna.Andersson@Example.se} → {@code A***@example.se}; anything without a local part → {@code ***}. */
    public static String email(String address) {
        if (address == null || address.isBlank()) {
            return "";
        }
        var at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.substring(0, address.offsetByCodePoints(0, 1))
                + "***"
                + address.substring(at).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code 191212121212} or {@code 19121212-1212} → {@code 19121212-****}: enough to tell log lines apart, not enough
     * to identify anyone. Fewer than eight digits → {@code ****}; {@code null} stays {@code null}.
     */
    public static String identityNumber(String number) {
        if (number == null) {
            return null;
        }
        var digits = number.replaceAll("[^0-9]", "");
        return digits.length() >= 8 ? digits.substring(0, 8) + "-****" : "****";
    }

    /** Masks every address, link (they may carry one-time tokens) and identity number inside a free text. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        var withoutLinks = LINK.matcher(text).replaceAll("$1/***");
        var withoutAddresses =
                ADDRESS.matcher(withoutLinks).replaceAll(match -> Matcher.quoteReplacement(email(match.group())));
        return IDENTITY_NUMBER.matcher(withoutAddresses).replaceAll("$1-****");
    }
}
