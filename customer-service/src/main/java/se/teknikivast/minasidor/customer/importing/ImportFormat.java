package se.teknikivast.minasidor.customer.importing;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/** The two input formats of the customer import. */
public enum ImportFormat {
    /** One JSON object per line: {@code {"customerNumber","type","name","identityNumber","email"}}. */
    JSON_LINES,
    /**
     * Comma- or semicolon-separated values, RFC 4180 quoting within a line; an optional header line names the
     * columns, otherwise they are {@code customerNumber,type,name,identityNumber,email}.
     */
    CSV;

    public static final String NDJSON = "application/x-ndjson";
    public static final String JSONL = "application/jsonl";
    public static final String TEXT_CSV = "text/csv";

    /** The format for a content type; {@code null} when the content type does not say. */
    static @Nullable ImportFormat of(@Nullable MediaType contentType) {
        if (contentType == null) {
            return null;
        }
        var type = contentType.getType() + "/" + contentType.getSubtype();
        return switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case NDJSON, JSONL, "application/json", "application/x-jsonlines" -> JSON_LINES;
            case TEXT_CSV, "application/csv" -> CSV;
            default -> null;
        };
    }

    /** Guesses from a file name or the first non-blank line: JSON lines start with {@code {}. */
    static ImportFormat guess(String firstNonBlankLine) {
        return firstNonBlankLine.stripLeading().startsWith("{") ? JSON_LINES : CSV;
    }
}
