package se.teknikivast.minasidor.notification.privacy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Masks personal data before it reaches logs, the delivery log or the operations API. E-mail addresses become
 * {@code a***@example.se}; links (which carry one-time tokens) are cut to their scheme and host.
 */
public final class Masking {

    private static final Pattern ADDRESS = Pattern.compile("([^\\s<>\"'(),;:@]+)@([A-Za-z0-9.\\-\\[\\]]+)");
    private static final Pattern URL = Pattern.compile("(https?://[^/\\s\"'<>]+)[^\\s\"'<>]*");

    private Masking() {}

    /** {@code anna.andersson@example.se} → {@code a***@example.se}. */
    public static String email(String address) {
        if (address == null || address.isBlank()) {
            return "";
        }
        var at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at).toLowerCase(Locale.ROOT);
    }

    /** Masks every address and link inside a free text, e.g. an SMTP server's error reply. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        var withoutLinks = URL.matcher(text).replaceAll("$1/***");
        return ADDRESS.matcher(withoutLinks)
                .replaceAll(match -> java.util.regex.Matcher.quoteReplacement(email(match.group())));
    }
}
