package se.teknikivast.minasidor.bankid.simulator;

import java.time.Instant;
import java.util.List;

/** What the RP API and the tester page may see of a simulated order (never the QR secret). */
record OrderView(
        String orderRef,
        Instant createdAt,
        OrderStatus status,
        String hintCode,
        boolean phone,
        String openedBy,
        String personalNumber,
        String name,
        String givenName,
        String surname,
        String deviceIp,
        String bankIdIssueDate,
        List<String> certificatePolicies,
        String visibleText,
        String risk,
        String returnUrl) {

    boolean pending() {
        return status == OrderStatus.PENDING;
    }
}
