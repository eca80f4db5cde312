package se.teknikivast.minasidor.bankid.simulator;

/** The virtual phone's app refuses an action, with a stable error code and a Swedish reason. */
final class PhoneRefusal extends RuntimeException {

    private final String error;

    PhoneRefusal(String error, String reason) {
        super(reason);
        this.error = error;
    }

    String error() {
        return error;
    }
}
