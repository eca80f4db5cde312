package se.teknikivast.minasidor.bankid.simulator;

import java.time.Instant;
import java.util.List;

/**
 * One order as BankID holds it: what the RP asked for, which holder's app opened it and how, and BankID's clock on it.
 * Every field that changes is guarded by the order's own monitor ({@link OrderBook} explains the locking).
 */
final class SimulatedOrder {

    /**
     * What an /auth order asks for besides who may identify.
     *
     * @param returnUrl where the app returns on completion (same device)
     * @param returnRisk whether completionData carries BankID's risk assessment
     * @param riskLimit the highest risk to let through ({@code low}, {@code moderate}); null: none
     */
    record Options(String returnUrl, boolean returnRisk, String riskLimit) {
        static final Options NONE = new Options(null, false, null);
    }

    final String orderRef;
    final String autoStartToken;
    final String qrStartToken;
    final String qrStartSecret;
    final String endUserIp;
    final Instant createdAt;
    final List<String> certificatePolicies;
    final String requiredPersonalNumber;
    final boolean phone;
    final String visibleText;
    final Options options;
    OrderStatus status = OrderStatus.PENDING;
    String hintCode = "outstandingTransaction";
    Persona persona;
    String openedBy;
    String deviceIp;
    Instant openedAt;
    Instant finishedAt;
    /** BankID has forgotten the order (collected too late, or cancelled). */
    boolean removed;

    SimulatedOrder(
            String orderRef,
            String autoStartToken,
            String qrStartToken,
            String qrStartSecret,
            String endUserIp,
            Instant createdAt,
            List<String> certificatePolicies,
            String requiredPersonalNumber,
            boolean phone,
            String visibleText,
            Options options) {
        this.orderRef = orderRef;
        this.autoStartToken = autoStartToken;
        this.qrStartToken = qrStartToken;
        this.qrStartSecret = qrStartSecret;
        this.endUserIp = endUserIp;
        this.createdAt = createdAt;
        this.certificatePolicies = certificatePolicies == null ? List.of() : List.copyOf(certificatePolicies);
        this.requiredPersonalNumber = requiredPersonalNumber;
        this.phone = phone;
        this.visibleText = visibleText;
        this.options = options;
        if (phone) {
            // A phone order is pushed to the holder's app at once.
            this.persona = Personas.find(requiredPersonalNumber).orElseThrow();
        }
    }

    boolean pending() {
        return status == OrderStatus.PENDING;
    }

    /** BankID's risk assessment is above what the RP accepts. */
    boolean riskBlocked() {
        return options.riskLimit() != null && rank(persona.risk()) > rank(options.riskLimit());
    }

    private static int rank(String risk) {
        return switch (risk) {
            case "low" -> 0;
            case "moderate" -> 1;
            default -> 2;
        };
    }

    String boundPersonalNumber() {
        return persona != null ? persona.personalNumber() : requiredPersonalNumber;
    }

    /** BankID's clock: no app within the start window → startFailed; order lifetime over → expiredTransaction. */
    void advance(Instant now, SimulatorProperties properties) {
        if (!pending()) {
            return;
        }
        var startDeadline = createdAt.plus(properties.startWindow());
        var lifetimeEnd = createdAt.plus(properties.orderLifetime());
        if (openedAt == null && !phone && !now.isBefore(startDeadline)) {
            finish(OrderStatus.FAILED, "startFailed", startDeadline);
        } else if (!now.isBefore(lifetimeEnd)) {
            finish(OrderStatus.FAILED, "expiredTransaction", lifetimeEnd);
        }
    }

    /** Completed orders can be collected for 3 minutes, failed ones for 5; then BankID forgets them. */
    boolean forgotten(Instant now, SimulatorProperties properties) {
        return switch (status) {
            case COMPLETE -> !now.isBefore(finishedAt.plus(properties.completedRetention()));
            case FAILED -> !now.isBefore(finishedAt.plus(properties.failedRetention()));
            case PENDING -> false;
        };
    }

    void finish(OrderStatus newStatus, String newHint, Instant at) {
        status = newStatus;
        hintCode = newHint;
        finishedAt = at;
    }

    OrderView view() {
        boolean complete = status == OrderStatus.COMPLETE;
        return new OrderView(
                orderRef,
                createdAt,
                status,
                hintCode,
                phone,
                openedBy,
                persona != null ? persona.personalNumber() : null,
                persona != null ? persona.name() : null,
                persona != null ? persona.givenName() : null,
                persona != null ? persona.surname() : null,
                deviceIp,
                persona != null ? persona.bankIdIssueDate() : null,
                certificatePolicies,
                visibleText,
                complete && options.returnRisk() ? persona.risk() : null,
                // The app returns to the order's returnUrl when it was opened on the same device and is done.
                complete && "autostart".equals(openedBy) ? options.returnUrl() : null);
    }
}
