package se.teknikivast.minasidor.bankid.order;

/**
 * Who identified, from a completed order.
 *
 * @param endUserIpMatches for same-device orders, whether BankID saw the app at the end user's IP; null when the
 *     app ran on another device (a phone scanning a QR code), where a different IP is expected
 * @param risk BankID's risk assessment of the order ({@code low}, {@code moderate}, {@code high}), when it gave one
 */
public record Completion(
        String personalNumber,
        String name,
        String givenName,
        String surname,
        String deviceIpAddress,
        String bankIdIssueDate,
        Boolean endUserIpMatches,
        String risk) {}
