package se.teknikivast.minasidor.bankid.simulator;

/**
 * A simulated BankID holder, and what happens when they use the app.
 *
 * @param risk BankID's risk assessment of their orders: {@code low}, {@code moderate} or {@code high}
 */
record Persona(
        String personalNumber,
        String givenName,
        String surname,
        String bankIdIssueDate,
        String deviceIp,
        Outcome outcome,
        String risk) {

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
        EXPIRY
    }

    String name() {
        return givenName + " " + surname;
    }

    String displayNumber() {
        return personalNumber.substring(0, 8) + "-" + personalNumber.substring(8);
    }
}
