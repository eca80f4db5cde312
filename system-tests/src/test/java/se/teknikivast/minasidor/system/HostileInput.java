package se.teknikivast.minasidor.system;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.sessions.JqwikSession;

/**
 * What an attacker or a broken client types into a field: the bad-input corpus's values, from jqwik's generators
 * with a fixed seed (a failure names its value and happens again on the next run), around a core of known-nasty
 * strings that are always included.
 */
final class HostileInput {

    /** Always sent: empty, blank, numbers out of range, injections, traversal, control, bidi and odd Unicode. */
    static final List<String> KNOWN = List.of(
            "",
            " ",
            "null",
            "0",
            "-1",
            "99999999999999999999999999",
            "1e309",
            "NaN",
            "true",
            "' OR '1'='1",
            "'; drop table customers; --",
            "\" or \"\"=\"",
            "${7*7}",
            "#{7*7}",
            "*{7*7}",
            "[[${7*7}]]",
            "__${T(java.lang.Runtime).getRuntime().exec('id')}__::.x",
            "{{7*7}}",
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "../../../../etc/passwd",
            "..%2F..%2Fetc%2Fpasswd",
            "%00",
            "%",
            "\u0000",
            "a\u0000b",
            "\r\nX-Injected: ja",
            "\u202Eevil\u202C",
            "\uFEFF",
            "\u200B\u200B",
            "\uD83D\uDE00",
            "19121212-1212\u0000",
            "1912121212121212121212",
            "16XXXXXX-XXXX",
            "Ω≈ç√∫˜µ≤≥÷",
            "ÅÄÖåäö",
            "A".repeat(5_000));

    private final List<String> generated = new ArrayList<>();
    private int taken;

    /** Draws {@code pool} values in a jqwik session with this seed: the same seed gives the same values. */
    HostileInput(long seed, int pool) {
        var arbitrary = Arbitraries.oneOf(
                // Any characters at all, controls and unpaired surrogates included.
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\u001F')
                        .ofMinLength(1)
                        .ofMaxLength(8),
                // Almost an identity or customer number.
                Arbitraries.strings().withChars("0123456789-+ ").ofMinLength(1).ofMaxLength(16),
                // Long.
                Arbitraries.integers().between(300, 70_000).map("x"::repeat));
        JqwikSession.run(
                Long.toString(seed), () -> arbitrary.sampleStream().limit(pool).forEach(generated::add));
    }

    /** The known values, then {@code more} generated ones. */
    Stream<String> values(int more) {
        return Stream.concat(KNOWN.stream(), Stream.generate(this::next).limit(more));
    }

    /** The next generated value (the pool is used round and round). */
    String next() {
        return generated.get(taken++ % generated.size());
    }

    /** {@code text} as a query parameter or form value: percent-encoded UTF-8 (what a browser sends). */
    static String encoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** For a report: printable, short. */
    static String shown(String text) {
        var shown = new StringBuilder();
        text.codePoints().limit(60).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x200B && cp <= 0x202E) || cp == 0xFEFF) {
                shown.append("\\u%04X".formatted(cp));
            } else {
                shown.appendCodePoint(cp);
            }
        });
        if (text.length() > 60) {
            shown.append("…(").append(text.length()).append(" chars)");
        }
        return shown.toString();
    }
}
