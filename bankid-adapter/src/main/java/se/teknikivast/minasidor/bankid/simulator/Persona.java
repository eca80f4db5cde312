package se.teknikivast.minasidor.bankid.simulator;

/** A simulated BankID holder, and what happens when they use the app. */
record Persona(
        String personalNumber,
        String givenName,
        String surname,
        String bankIdIssueDate,
        String deviceIp,
        Outcome outcome) {

    enum Outcome {
        /** Identifies when asked. */
        COMPLETE,
        /** Presses "Avbryt" in the app: failed userCancel. */
        USER_CANCEL,
        /** The BankID is blocked or revoked: failed certificateErr as soon as the app opens the order. */
        CERTIFICATE_ERR,
        /** The app never gets going: failed startFailed as soon as the order is opened. */
        START_FAILED,
        /** Opens the order and walks away: expiredTransaction when the order times out (~3 min). */
        EXPIRY,
        /** BankID's risk assessment blocks the order: failed transactionRiskBlocked. */
        RISK_BLOCKED
    }

    String name() {
        return givenName + " " + surname;
    }

    String displayNumber() {
        return personalNumber.substring(0, 8) + "-" + personalNumber.substring(8);
    }
}
