package se.teknikivast.minasidor.bankid.rp;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The RP API v6.0 wire messages the adapter uses. Unknown response fields are ignored. */
public final class RpMessages {

    private RpMessages() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthRequest(
            String endUserIp,
            Requirement requirement,
            String userVisibleData,
            String userVisibleDataFormat,
            String returnUrl,
            Boolean returnRisk) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PhoneAuthRequest(
            String personalNumber, String callInitiator, Requirement requirement, String userVisibleData) {}

    /** @param risk the highest risk BankID may accept ({@code low} or {@code moderate}); higher is blocked */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Requirement(List<String> certificatePolicies, String personalNumber, Boolean pinCode, String risk) {}

    public record StartResponse(String orderRef, String autoStartToken, String qrStartToken, String qrStartSecret) {}

    public record PhoneStartResponse(String orderRef) {}

    public record OrderRefRequest(String orderRef) {}

    public record CollectResponse(String orderRef, String status, String hintCode, CompletionData completionData) {}

    public record CompletionData(User user, Device device, String bankIdIssueDate, String risk) {}

    public record User(String personalNumber, String name, String givenName, String surname) {}

    public record Device(String ipAddress, String uhi) {}

    public record ErrorResponse(String errorCode, String details) {}
}
