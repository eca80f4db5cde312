package se.teknikivast.minasidor.identity;

/** A customer number was refused; {@link #reason()} says why, {@link #getMessage()} says it in Swedish. */
public final class InvalidCustomerNumberException extends InvalidValueException {

    /** Why a customer number was refused, each with the Swedish text shown to the user. */
    public enum Reason {
        EMPTY("Ange ditt kundnummer. Du hittar det på din senaste faktura."),
        NOT_DIGITS("Kundnumret får bara innehålla siffror. Du hittar det på din senaste faktura."),
        TOO_LONG("Kundnumret har högst " + CustomerNumber.MAX_LENGTH + " siffror. Du hittar det på din senaste"
                + " faktura.");

        private final String swedishMessage;

        Reason(String swedishMessage) {
            this.swedishMessage = swedishMessage;
        }

        public String swedishMessage() {
            return swedishMessage;
        }
    }

    private final Reason reason;

    public InvalidCustomerNumberException(Reason reason) {
        super(reason.swedishMessage());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String code() {
        return "invalid-customer-number";
    }

    @Override
    public String reasonCode() {
        return reason.name();
    }
}
