package se.teknikivast.minasidor.bankid.simulator;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.teknikivast.minasidor.bankid.PersonalNumbers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RP API v6.0 wire protocol: {@code POST /rp/v6.0/<endpoint>}, JSON without a charset parameter, BankID's
 * status codes and {@code {errorCode, details}} bodies. The adapter's real client talks to this exactly as to
 * BankID (over plain http locally, or the mutual-TLS port).
 */
@RestController
@Profile("simulator")
class SimulatedRpApi {

    private static final String PREFIX = "/rp/v6.0/";

    private final SimulatedBankId bankId;
    private final InjectedFaults faults;
    private final JsonMapper json = JsonMapper.builder().build();

    SimulatedRpApi(SimulatedBankId bankId, InjectedFaults faults) {
        this.bankId = bankId;
        this.faults = faults;
    }

    @RequestMapping("/rp/v6.0/**")
    ResponseEntity<String> handle(HttpServletRequest request, @RequestBody(required = false) byte[] body)
            throws InterruptedException {
        var endpoint =
                request.getRequestURI().substring(request.getContextPath().length() + PREFIX.length());
        if (!"POST".equals(request.getMethod())) {
            return error(405, "methodNotAllowed", "Only POST is allowed");
        }
        if (!List.of("auth", "phone/auth", "collect", "cancel").contains(endpoint)) {
            return error(404, "notFound", "No such endpoint");
        }
        // BankID accepts exactly application/json; a charset parameter gets 415.
        if (!"application/json".equals(request.getContentType())) {
            return error(415, "unsupportedMediaType", "Content-Type must be application/json");
        }
        var fault = faults.next();
        if (fault.delayMillis() > 0) {
            Thread.sleep(fault.delayMillis());
        }
        if (!"none".equals(fault.mode())) {
            return error(statusOf(fault.mode()), fault.mode(), "Simulated " + fault.mode());
        }
        JsonNode input;
        try {
            input = json.readTree(body == null ? new byte[0] : body);
        } catch (JacksonException e) {
            return error(400, "invalidParameters", "Invalid JSON");
        }
        if (input == null || !input.isObject()) {
            return error(400, "invalidParameters", "Body must be a JSON object");
        }
        try {
            return switch (endpoint) {
                case "auth" -> auth(input);
                case "phone/auth" -> phoneAuth(input);
                case "collect" -> collect(input);
                default -> cancel(input);
            };
        } catch (InvalidParameters e) {
            return error(400, "invalidParameters", e.getMessage());
        } catch (SimulatedBankId.AlreadyInProgress e) {
            return error(400, "alreadyInProgress", e.getMessage());
        }
    }

    private ResponseEntity<String> auth(JsonNode input) {
        var endUserIp = text(input, "endUserIp");
        if (endUserIp == null || !isIp(endUserIp)) {
            throw new InvalidParameters("Invalid endUserIp");
        }
        var requirement = input.get("requirement");
        String personalNumber = null;
        if (requirement != null && requirement.hasNonNull("personalNumber")) {
            personalNumber = personalNumber(text(requirement, "personalNumber"));
        }
        var started = bankId.auth(
                endUserIp,
                policies(requirement),
                personalNumber,
                visibleText(input),
                new SimulatedOrder.Options(returnUrl(input), returnRisk(input), riskLimit(requirement)));
        return ok(started);
    }

    private ResponseEntity<String> phoneAuth(JsonNode input) {
        var personalNumber = personalNumber(text(input, "personalNumber"));
        var initiator = text(input, "callInitiator");
        if (!"user".equals(initiator) && !"RP".equals(initiator)) {
            throw new InvalidParameters("Invalid callInitiator");
        }
        var orderRef = bankId.phoneAuth(personalNumber, policies(input.get("requirement")), visibleText(input));
        return ok(Map.of("orderRef", orderRef));
    }

    private ResponseEntity<String> collect(JsonNode input) {
        var view = bankId.collect(orderRef(input)).orElseThrow(() -> new InvalidParameters("No such order"));
        var answer = new LinkedHashMap<String, Object>();
        answer.put("orderRef", view.orderRef());
        answer.put("status", view.status().wire());
        if (view.status() == OrderStatus.COMPLETE) {
            var data = new LinkedHashMap<String, Object>();
            data.put(
                    "user",
                    Map.of(
                            "personalNumber", view.personalNumber(),
                            "name", view.name(),
                            "givenName", view.givenName(),
                            "surname", view.surname()));
            data.put(
                    "device",
                    Map.of(
                            "ipAddress",
                            view.deviceIp(),
                            "uhi",
                            "sim-" + view.personalNumber().hashCode()));
            data.put("bankIdIssueDate", view.bankIdIssueDate());
            data.put("signature", Base64.getEncoder().encodeToString("<simulated/>".getBytes(StandardCharsets.UTF_8)));
            data.put("ocspResponse", Base64.getEncoder().encodeToString("simulated".getBytes(StandardCharsets.UTF_8)));
            // Only when the RP asked for it (returnRisk).
            if (view.risk() != null) {
                data.put("risk", view.risk());
            }
            answer.put("completionData", data);
        } else {
            answer.put("hintCode", view.hintCode());
        }
        return ok(answer);
    }

    private ResponseEntity<String> cancel(JsonNode input) {
        if (!bankId.cancel(orderRef(input))) {
            throw new InvalidParameters("No such order");
        }
        return ok(Map.of());
    }

    private static String orderRef(JsonNode input) {
        var orderRef = text(input, "orderRef");
        if (orderRef == null || orderRef.isBlank()) {
            throw new InvalidParameters("Missing orderRef");
        }
        return orderRef;
    }

    private static String personalNumber(String text) {
        if (text == null || !text.matches("\\d{12}")) {
            throw new InvalidParameters("Invalid personalNumber");
        }
        return PersonalNumbers.normalize(text).orElseThrow(() -> new InvalidParameters("Invalid personalNumber"));
    }

    private static List<String> policies(JsonNode requirement) {
        if (requirement == null || !requirement.has("certificatePolicies")) {
            return List.of();
        }
        var policies = requirement.get("certificatePolicies");
        if (!policies.isArray()) {
            throw new InvalidParameters("Invalid certificatePolicies");
        }
        var list = new java.util.ArrayList<String>();
        for (var policy : policies) {
            list.add(policy.asString());
        }
        return List.copyOf(list);
    }

    /** userVisibleData: base64 of UTF-8 text, 1–1 500 characters; its format, if given, one BankID knows. */
    private static String visibleText(JsonNode input) {
        var format = text(input, "userVisibleDataFormat");
        if (format != null && !"simpleMarkdownV1".equals(format) && !"plaintext".equals(format)) {
            throw new InvalidParameters("Invalid userVisibleDataFormat");
        }
        var base64 = text(input, "userVisibleData");
        if (base64 == null) {
            return null;
        }
        if (base64.isEmpty() || base64.length() > 1500) {
            throw new InvalidParameters("Invalid userVisibleData");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameters("userVisibleData is not base64");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidParameters("userVisibleData is not UTF-8");
        }
    }

    /** returnUrl: an absolute http(s) URL, as BankID requires. */
    private static String returnUrl(JsonNode input) {
        var returnUrl = text(input, "returnUrl");
        if (returnUrl == null) {
            return null;
        }
        try {
            var uri = URI.create(returnUrl);
            if (uri.getHost() != null
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                return returnUrl;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new InvalidParameters("Invalid returnUrl");
    }

    private static boolean returnRisk(JsonNode input) {
        var value = input.get("returnRisk");
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidParameters("Invalid returnRisk");
        }
        return value.asBoolean();
    }

    /** requirement.risk: {@code low} or {@code moderate}; higher risk is blocked. */
    private static String riskLimit(JsonNode requirement) {
        var risk = requirement == null ? null : text(requirement, "risk");
        if (risk != null && !"low".equals(risk) && !"moderate".equals(risk)) {
            throw new InvalidParameters("Invalid requirement.risk");
        }
        return risk;
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static boolean isIp(String text) {
        try {
            InetAddress.ofLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** BankID's HTTP status per error code; codes it may add later come as 400. */
    private static int statusOf(String errorCode) {
        return switch (errorCode) {
            case "maintenance" -> 503;
            case "internalError" -> 500;
            case "requestTimeout" -> 408;
            case "unauthorized" -> 401;
            case "tooManyRequests" -> 429;
            default -> 400;
        };
    }

    private ResponseEntity<String> ok(Object body) {
        return ResponseEntity.ok().header("Content-Type", "application/json").body(json.writeValueAsString(body));
    }

    private ResponseEntity<String> error(int status, String errorCode, String details) {
        return ResponseEntity.status(status)
                .header("Content-Type", "application/json")
                .body(json.writeValueAsString(Map.of("errorCode", errorCode, "details", details)));
    }

    private static final class InvalidParameters extends RuntimeException {
        InvalidParameters(String details) {
            super(details);
        }
    }
}
