package se.teknikivast.minasidor.auth.bankid;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.identity.Masking;

/**
 * Metrics and the audit log of BankID logins. Labels are closed sets (no order reference, IP or personal number);
 * the audit log has the personal number masked ({@code 19121212-****}).
 */
@Component
class BankIdAudit {

    /** The login meter the password login also counts into: {@code minasidor_logins_total{method,outcome}}. */
    static final String LOGINS = "minasidor.logins";

    static final String OUTCOMES = "minasidor.bankid.outcomes";
    static final String IP_CHECKS = "minasidor.bankid.ip.checks";

    private static final Logger audit = LoggerFactory.getLogger("se.teknikivast.minasidor.auth.bankid.audit");

    private final MeterRegistry meters;

    BankIdAudit(MeterRegistry meters) {
        this.meters = meters;
        // Registered now, so that the login dashboard shows 0 for BankID before the first BankID login.
        for (var outcome :
                List.of("success", "choose", "no-customer", "failed", "cancelled", "unavailable", "refused")) {
            meters.counter(LOGINS, "method", "bankid", "outcome", outcome);
        }
    }

    /** A login attempt ended: success, choose, no-customer, failed, cancelled, unavailable, refused. */
    void login(String outcome) {
        meters.counter(LOGINS, "method", "bankid", "outcome", outcome).increment();
    }

    /** What BankID said: complete, a failed hint code (known set, else other), cancelled (by us), unavailable. */
    void bankIdOutcome(String outcome) {
        meters.counter(OUTCOMES, "outcome", outcome).increment();
    }

    static String hintOutcome(String hintCode) {
        return switch (hintCode == null ? "" : hintCode) {
            case "userCancel",
                    "cancelled",
                    "expiredTransaction",
                    "startFailed",
                    "certificateErr",
                    "transactionRiskBlocked",
                    "userDeclinedCall",
                    "notSupportedByUserApp" -> hintCode;
            default -> "other";
        };
    }

    /** A completed identification, before the customer accounts are looked up. */
    void completed(
            String personalNumber, boolean sameDevice, String endUserIp, String deviceIp, int matchingCustomers) {
        String ipCheck;
        if (!sameDevice) {
            ipCheck = "other-device";
        } else if (deviceIp == null || endUserIp == null) {
            ipCheck = "unknown";
        } else {
            ipCheck = DeviceAddresses.same(endUserIp, deviceIp) ? "match" : "mismatch";
        }
        meters.counter(IP_CHECKS, "result", ipCheck).increment();
        if ("mismatch".equals(ipCheck)) {
            audit.warn(
                    "BankID identification personalNumber={} sameDevice=true endUserIp={} deviceIp={} ipCheck=mismatch customers={}",
                    Masking.identityNumber(personalNumber),
                    endUserIp,
                    deviceIp,
                    matchingCustomers);
        } else {
            audit.info(
                    "BankID identification personalNumber={} sameDevice={} endUserIp={} deviceIp={} ipCheck={} customers={}",
                    Masking.identityNumber(personalNumber),
                    sameDevice,
                    endUserIp,
                    deviceIp,
                    ipCheck,
                    matchingCustomers);
        }
    }

    /**
     * BankID completed the order, and we refused it: {@code not-this-device} (a this-device order whose app neither
     * brought the nonce back nor was at the browser's address: a relayed link) or {@code high-risk}.
     */
    void refused(String reason) {
        meters.counter(OUTCOMES, "outcome", reason).increment();
        login("refused");
        audit.warn("BankID identification refused: {}", reason);
    }

    void loggedIn(String personalNumber, String customerNumber) {
        audit.info(
                "BankID login personalNumber={} customerNumber={}",
                Masking.identityNumber(personalNumber),
                customerNumber);
    }
}
