package se.teknikivast.minasidor.notification.delivery;

import se.teknikivast.minasidor.events.EmailRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link EmailRequest} JSON. Tolerant of fields it does not know (producers may add some), strict
 * about the ones it needs and about the schema version.
 */
public final class EmailRequestJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EmailRequestJson() {}

    public static EmailRequest parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new MalformedEmailRequestException("Empty message");
        }
        EmailRequest request;
        try {
            request = MAPPER.readValue(json, EmailRequest.class);
        } catch (JacksonException e) {
            // Jackson's message may quote the payload (address, link): keep only its kind.
            var field = e.getPath().stream()
                    .map(reference -> reference.getPropertyName())
                    .filter(java.util.Objects::nonNull)
                    .reduce((a, b) -> a + "." + b)
                    .orElse("?");
            throw new MalformedEmailRequestException("Not an EmailRequest: %s at field '%s'"
                    .formatted(e.getClass().getSimpleName(), field));
        } catch (RuntimeException e) {
            throw new MalformedEmailRequestException(
                    "Not an EmailRequest: " + e.getClass().getSimpleName());
        }
        if (request == null) {
            throw new MalformedEmailRequestException("Not an EmailRequest: null");
        }
        requireLength("type", request.type(), 64);
        requireLength("customerNumber", request.customerNumber(), 32);
        requireLength("locale", request.locale(), 16);
        requireLength("to", request.to(), 320);
        // A breaking change gets a new topic (.v2); within v1 newer versions only add fields, which we ignore.
        if (request.version() < 1) {
            throw new MalformedEmailRequestException("Missing or invalid version: " + request.version());
        }
        return request;
    }

    private static void requireLength(String field, String value, int max) {
        if (value.isBlank() || value.length() > max) {
            throw new MalformedEmailRequestException("Field '%s' is blank or longer than %d".formatted(field, max));
        }
    }

    public static EmailRequest parse(String json) {
        return parse(json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static String write(EmailRequest request) {
        return MAPPER.writeValueAsString(request);
    }
}
